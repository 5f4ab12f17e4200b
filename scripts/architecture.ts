/**
 * The house rules of the source tree, checked (npm run lint, and test/unit/architecture.test.ts):
 *
 * 1. Each top folder of src/ and sync-server/ imports only the folders its README allows
 *    (the table below says the same as those READMEs). A folder's own files and the entry
 *    files at the top (main.ts, App.vue, router.ts, app.ts, cli.ts) are not limited.
 * 2. No import cycle between files, and none between folders (a folder cycle is what makes a
 *    tree hard to carry on: nothing can be understood or moved alone).
 * 3. The environment is read in one place, sync-server/core/config.ts.
 * 4. Each of those folders has a README.md whose "May import:" line names exactly the
 *    folders the table allows, so what a newcomer reads is what is enforced.
 *
 * Imports are found with a regular expression over the text (static, dynamic and
 * side-effect imports; type imports count too); only relative paths are followed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

/** folder → the folders it may import (besides itself and src/shared, which everything may use) */
export const ALLOWED: Record<string, readonly string[]> = {
  'src/shared': [],
  'src/domain': [],
  'src/models': ['src/domain'],
  'src/platform': [],
  'src/i18n': [],
  'src/api': ['src/domain', 'src/platform'],
  'src/db': ['src/domain', 'src/models', 'src/platform'],
  'src/sync': ['src/domain', 'src/models', 'src/platform', 'src/db', 'src/api'],
  'src/stores': ['src/domain', 'src/models', 'src/platform', 'src/db', 'src/api', 'src/sync', 'src/i18n'],
  'src/composables': ['src/stores', 'src/domain', 'src/models', 'src/i18n'],
  'src/components': ['src/stores', 'src/composables', 'src/domain', 'src/models', 'src/i18n'],
  'src/views': ['src/components', 'src/stores', 'src/composables', 'src/domain', 'src/models', 'src/i18n'],
  'src/styles': [],
  'sync-server/core': [],
  'sync-server/storage': ['sync-server/core'],
  'sync-server/jobs': ['sync-server/core', 'sync-server/storage'],
  'sync-server/audit': ['sync-server/core', 'sync-server/storage'],
  'sync-server/auth': ['sync-server/core', 'sync-server/storage'],
  'sync-server/model': ['sync-server/storage'],
  'sync-server/store': ['sync-server/core', 'sync-server/storage', 'src/domain'],
  'sync-server/integrations': ['sync-server/core', 'sync-server/storage', 'sync-server/audit', 'sync-server/identity', 'sync-server/commerce'],
  'sync-server/office': ['sync-server/core', 'sync-server/storage', 'sync-server/model', 'sync-server/audit', 'sync-server/auth'],
  'sync-server/outbound': ['sync-server/core', 'sync-server/storage', 'sync-server/jobs'],
  'sync-server/mail': ['sync-server/core', 'sync-server/storage', 'sync-server/jobs'],
  'sync-server/outreach': ['sync-server/core', 'sync-server/storage', 'sync-server/jobs', 'sync-server/mail', 'sync-server/outbound', 'src/domain'],
  'sync-server/appointments': ['sync-server/core', 'sync-server/storage', 'sync-server/jobs', 'sync-server/mail', 'sync-server/outreach', 'sync-server/outbound', 'src/domain'],
  'sync-server/identity': ['sync-server/core', 'sync-server/storage', 'sync-server/model', 'sync-server/outbound'],
  'sync-server/commerce': ['sync-server/core', 'sync-server/storage', 'sync-server/model', 'sync-server/identity', 'sync-server/outbound'],
  'sync-server/reports': ['sync-server/storage', 'src/domain'],
  'sync-server/seed': ['sync-server/core', 'sync-server/storage', 'sync-server/auth', 'sync-server/office', 'src/domain'],
  'sync-server/sync': ['sync-server/core', 'sync-server/storage', 'sync-server/model', 'sync-server/audit', 'sync-server/auth', 'sync-server/identity', 'sync-server/mail', 'sync-server/outbound', 'sync-server/outreach', 'sync-server/appointments', 'src/domain'],
  'sync-server/routes': ['sync-server/core', 'sync-server/storage', 'sync-server/model', 'sync-server/audit', 'sync-server/auth', 'sync-server/identity', 'sync-server/mail', 'sync-server/outbound', 'sync-server/outreach', 'sync-server/appointments', 'sync-server/commerce', 'sync-server/reports', 'sync-server/store', 'sync-server/office', 'sync-server/integrations', 'sync-server/sync'],
}

const EVERYONE = 'src/shared'
const ENV_READER = 'sync-server/core/config.ts'

/** The folder a file is governed by: its top folder under src/ or sync-server/, or null for the entry files. */
export function folderOf(file: string): string | null {
  const parts = file.split('/')
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : null
}

const IMPORT = /(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm

/** Relative imports of one file, resolved against the files that exist. */
export function importsOf(file: string, text: string, exists: (path: string) => boolean): string[] {
  const found: string[] = []
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!
    if (!spec.startsWith('.'))
      continue
    const base = normalize(join(dirname(file), spec))
    const target = [base, `${base}.ts`, `${base}.vue`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')].find(exists)
    if (target)
      found.push(target)
  }
  return found
}

/** Strongly connected groups of more than one node (Tarjan), each sorted. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      }
      else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!))
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        group.push(w)
      } while (w !== v)
      if (group.length > 1)
        found.push(group.sort())
    }
  }
  for (const v of graph.keys()) {
    if (!index.has(v))
      visit(v)
  }
  return found
}

/** Every broken rule in a tree given as file → text (paths relative to the repository). */
export function architectureProblems(files: ReadonlyMap<string, string>, allowed: Record<string, readonly string[]> = ALLOWED): string[] {
  const problems: string[] = []
  const exists = (path: string) => files.has(path)
  const fileGraph = new Map<string, string[]>()
  const folderGraph = new Map<string, Set<string>>()
  for (const [file, text] of files) {
    const targets = importsOf(file, text, exists)
    fileGraph.set(file, targets)
    const from = folderOf(file)
    for (const target of targets) {
      const to = folderOf(target)
      if (!from || !to || from === to)
        continue
      if (!folderGraph.has(from))
        folderGraph.set(from, new Set())
      folderGraph.get(from)!.add(to)
      if (to !== EVERYONE && !(allowed[from] ?? []).includes(to))
        problems.push(`${file} imports ${target}: ${from} may not import ${to}`)
    }
    if (file !== ENV_READER && file.startsWith('sync-server/') && /process\.env\b/.test(text))
      problems.push(`${file} reads process.env: the environment is read in ${ENV_READER} only`)
  }
  for (const group of cycles(fileGraph))
    problems.push(`import cycle between files: ${group.join(' → ')}`)
  for (const group of cycles(new Map([...folderGraph].map(([k, v]) => [k, [...v]]))))
    problems.push(`import cycle between folders: ${group.join(' → ')}`)
  return problems
}

/** Folders whose README.md is missing or names other folders than the table allows. */
export function readmeProblems(root: string, allowed: Record<string, readonly string[]> = ALLOWED): string[] {
  return Object.entries(allowed).flatMap(([folder, may]) => {
    const path = join(root, folder, 'README.md')
    if (!existsSync(path))
      return [`${folder}/README.md is missing: say what lives there and what it may import`]
    const line = readFileSync(path, 'utf8').split('\n').find(l => l.startsWith('May import:')) ?? ''
    const named = [...line.replace(/and `src\/shared\/`, which every folder may use/, '').matchAll(/`([\w-]+\/[\w-]+)\/`/g)].map(m => m[1]!)
    const same = named.length === may.length && may.every(m => named.includes(m))
    return same ? [] : [`${folder}/README.md says it may import ${named.join(', ') || 'nothing'}; scripts/architecture.ts allows ${may.join(', ') || 'nothing'}`]
  })
}

/** The tree as it is on disk: every .ts and .vue file under src/ and sync-server/. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = `${dir}/${name}`
      if (statSync(join(root, path)).isDirectory()) {
        if (name !== 'generated')
          walk(path)
      }
      else if (/\.(?:ts|vue)$/.test(name)) {
        files.set(path, readFileSync(join(root, path), 'utf8'))
      }
    }
  }
  for (const top of ['src', 'sync-server']) {
    if (existsSync(join(root, top)))
      walk(top)
  }
  return files
}

if (process.argv[1] && relative(process.cwd(), process.argv[1]).replace(/\\/g, '/') === 'scripts/architecture.ts') {
  const problems = [...architectureProblems(readTree(process.cwd())), ...readmeProblems(process.cwd())]
  for (const p of problems)
    console.error(p)
  if (problems.length) {
    console.error(`${problems.length} architecture problem(s); the rules are in scripts/architecture.ts and each folder's README.md.`)
    process.exit(1)
  }
  console.log('Architecture: no cycles, every import allowed.')
}
