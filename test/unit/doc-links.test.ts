/**
 * The design lives in the repository (README → docs/DESIGN.md → the focused files), and its
 * links are how a reader checks it against the code: a link to a file that moved is a claim
 * nobody can verify any more. So every relative link in the repository's markdown must reach
 * a file or folder of the repository, every page of docs/ must be reachable from README, and
 * nothing in the repository may lean on a file outside it (a clone has only what is in it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = process.cwd()

/** What .gitignore leaves out (dist/, node_modules/, data/, *.log …) and git's own folder: never part of a clone. */
function ignoredNames(root: string): { names: Set<string>, suffixes: string[] } {
  const names = new Set(['.git'])
  const suffixes: string[] = []
  const gitignore = join(root, '.gitignore')
  const lines = existsSync(gitignore) ? readFileSync(gitignore, 'utf8').split('\n') : []
  for (const raw of lines) {
    const line = raw.trim().replace(/^\/|\/$/g, '')
    if (!line || line.startsWith('#') || line.startsWith('!'))
      continue
    if (/^\*[^*/?[]+$/.test(line))
      suffixes.push(line.slice(1))
    else if (!/[*?[/]/.test(line))
      names.add(line)
  }
  return { names, suffixes }
}

const IGNORED = ignoredNames(ROOT)
const isIgnored = (name: string) => IGNORED.names.has(name) || IGNORED.suffixes.some(s => name.endsWith(s))

/** Every file of the repository whose name passes `keep`, as paths relative to the root ('/' separated). */
function repositoryFiles(root: string, keep: (name: string) => boolean): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      if (isIgnored(name))
        continue
      const path = dir ? `${dir}/${name}` : name
      if (statSync(join(root, path)).isDirectory())
        walk(path)
      else if (keep(name))
        found.push(path)
    }
  }
  walk('')
  return found.sort()
}

/** Markdown with its code blocks and code spans blanked out: a path shown as code is not a link. */
function withoutCode(markdown: string): string {
  let fenced = false
  const prose = markdown.split('\n').map((line) => {
    if (/^\s{0,3}(?:```|~~~)/.test(line)) {
      fenced = !fenced
      return ''
    }
    return fenced ? '' : line
  }).join('\n')
  return prose.replace(/(`+)[\s\S]*?\1/g, '')
}

/** The targets of a markdown text's links: `[text](target)`, `![alt](target)`, `[label]: target`, and HTML href/src. */
function markdownLinks(markdown: string): string[] {
  const prose = withoutCode(markdown)
  const targets: string[] = []
  for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g))
    targets.push(m[1]!.replace(/^<|>$/g, ''))
  for (const m of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm))
    targets.push(m[1]!)
  for (const m of prose.matchAll(/<(?:a|img)\s[^>]*?\b(?:href|src)\s*=\s*"([^"]*)"/g))
    targets.push(m[1]!)
  return targets
}

/** A link that leaves the page for the web, a mailbox or another scheme, or stays on the page (#anchor). */
const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')

/**
 * Where a relative link of `file` (a path relative to the root) lands, without its #fragment
 * or ?query: a path relative to the root, or null for a link that is not to a file.
 */
function linkedPath(root: string, file: string, target: string): string | null {
  if (!target || isExternal(target) || target.startsWith('#'))
    return null
  const path = decodeURIComponent(target.replace(/[#?].*$/, ''))
  if (!path)
    return null
  const absolute = path.startsWith('/') ? join(root, path) : resolve(root, dirname(file), path)
  return relative(root, absolute).split(sep).join('/')
}

/**
 * The anchors of a markdown page's headings, as GitHub makes them: lower case, punctuation
 * dropped, each space a hyphen, a repeated one numbered (`-1`, `-2`).
 */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s{0,3}(?:```|~~~)/.test(line))
      fenced = !fenced
    const heading = fenced ? null : /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading)
      continue
    const text = heading[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    const slug = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    anchors.add(n ? `${slug}-${n}` : slug)
  }
  return anchors
}

/**
 * Why a link of `file` does not reach a file or folder of the repository — or, for a link to a
 * markdown page with a #fragment, a heading of that page — or null when it does.
 */
function linkProblem(root: string, file: string, target: string): string | null {
  const fragment = /#(.*)$/.exec(target)?.[1]
  if (target.startsWith('#')) {
    const own = existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : ''
    return headingAnchors(own).has(decodeURIComponent(fragment!)) ? null : `${file}: (${target}) names no heading of ${file}`
  }
  const path = linkedPath(root, file, target)
  if (path === null)
    return null
  if (path.startsWith('..') || isAbsolute(path))
    return `${file}: (${target}) leaves the repository`
  if (path.split('/').some(isIgnored))
    return `${file}: (${target}) points into ${path.split('/').find(isIgnored)}, which is not part of the repository`
  if (!existsSync(join(root, path)))
    return `${file}: (${target}) points to ${path}, which does not exist`
  if (fragment && path.endsWith('.md') && !headingAnchors(readFileSync(join(root, path), 'utf8')).has(decodeURIComponent(fragment)))
    return `${file}: (${target}) names no heading of ${path}`
  return null
}

const WORKSPACE = `${['', 'work', ''].join('/')}`

/**
 * A text's references to places outside the repository: the workspace's absolute path, or a
 * relative path (`../…`, an import, a link) that climbs above the root from where `file` is.
 */
function outsideReferences(root: string, file: string, text: string): string[] {
  const found: string[] = []
  if (text.includes(WORKSPACE))
    found.push(`${file} names ${WORKSPACE}, a folder outside the repository`)
  for (const m of text.matchAll(/(?<![\w./-])((?:\.\.\/)+)[\w@-][\w@./-]*/g)) {
    const where = relative(root, resolve(root, dirname(file), m[0]))
    if (where.startsWith('..') || isAbsolute(where))
      found.push(`${file} refers to ${m[0]}, outside the repository`)
  }
  return found
}

const MARKDOWN = repositoryFiles(ROOT, name => name.endsWith('.md'))
const TEXT = repositoryFiles(ROOT, name => /\.(?:md|ts|vue|json|js|mjs|cjs|html|css|sh|ya?ml)$/.test(name) || name === 'run')

describe('links in the repository\'s documentation', () => {
  it('are read in [text](path) form, and web and mail addresses and code are left aside', () => {
    const text = [
      'See [the writer](../sync-server/storage/writer.ts#L10) and ![a chart](img/chart.png "Chart").',
      'Also [the web](https://example.com/x.md), [mail](mailto:a@example.com), [above](#parts), [ref][r].',
      '`[not a link](nowhere.md)` and <a href="other.md">other</a>',
      '```',
      '[in a code block](nowhere-either.md)',
      '```',
      '[r]: ./referenced.md',
    ].join('\n')
    expect(markdownLinks(text)).toEqual([
      '../sync-server/storage/writer.ts#L10',
      'img/chart.png',
      'https://example.com/x.md',
      'mailto:a@example.com',
      '#parts',
      './referenced.md',
      'other.md',
    ])
  })

  it('are caught when they point to nothing, outside the repository or into an ignored folder, and pass with a #fragment', () => {
    expect(linkProblem(ROOT, 'docs/DESIGN.md', '../README.md#two-commands')).toBeNull()
    expect(linkProblem(ROOT, 'docs/DESIGN.md', '../src/shared/collections.ts#L30')).toBeNull()
    expect(linkProblem(ROOT, 'docs/DESIGN.md', '../sync-server/storage/')).toBeNull()
    expect(linkProblem(ROOT, 'docs/DESIGN.md', 'https://example.com/missing.md')).toBeNull()
    expect(linkProblem(ROOT, 'docs/DESIGN.md', 'no-such-page.md')).toBe('docs/DESIGN.md: (no-such-page.md) points to docs/no-such-page.md, which does not exist')
    expect(linkProblem(ROOT, 'docs/DESIGN.md', '../../shared/DESIGN.md')).toBe('docs/DESIGN.md: (../../shared/DESIGN.md) leaves the repository')
    expect(linkProblem(ROOT, 'README.md', 'node_modules/vue/package.json')).toMatch(/points into node_modules/)
  })

  it('to a heading of a markdown page are caught when the page has no such heading', () => {
    expect(linkProblem(ROOT, 'README.md', 'docs/DESIGN.md#parts')).toBeNull()
    expect(linkProblem(ROOT, 'README.md', '#two-commands')).toBeNull()
    expect(linkProblem(ROOT, 'README.md', 'docs/DESIGN.md#no-such-section')).toBe('README.md: (docs/DESIGN.md#no-such-section) names no heading of docs/DESIGN.md')
    expect(linkProblem(ROOT, 'README.md', '#no-such-section')).toBe('README.md: (#no-such-section) names no heading of README.md')
    expect([...headingAnchors('# A title\n## Offline sign-in: what a stolen tablet gives away\n```\n# not a heading\n```\n## A title')])
      .toEqual(['a-title', 'offline-sign-in-what-a-stolen-tablet-gives-away', 'a-title-1'])
  })

  it('cover README and every page of docs/', () => {
    expect(MARKDOWN).toContain('README.md')
    expect(MARKDOWN).toContain('docs/DESIGN.md')
    expect(MARKDOWN.filter(f => f.startsWith('docs/')).length).toBeGreaterThan(1)
  })

  it('each point to a file or folder in the repository', () => {
    const problems = MARKDOWN.flatMap(file => markdownLinks(readFileSync(join(ROOT, file), 'utf8'))
      .map(target => linkProblem(ROOT, file, target))
      .filter((p): p is string => p !== null))
    expect(problems).toEqual([])
  })

  it('reach every page of docs/ from README', () => {
    const reached = new Set<string>()
    const visit = (file: string) => {
      if (reached.has(file) || !file.endsWith('.md') || !existsSync(join(ROOT, file)))
        return
      reached.add(file)
      for (const target of markdownLinks(readFileSync(join(ROOT, file), 'utf8'))) {
        const path = linkedPath(ROOT, file, target)
        if (path !== null)
          visit(path)
      }
    }
    visit('README.md')
    expect(MARKDOWN.filter(f => f.startsWith('docs/') && !reached.has(f))).toEqual([])
  })
})

describe('the repository', () => {
  it('catches a reference to a file outside it, and leaves one inside it alone', () => {
    expect(outsideReferences(ROOT, 'sync-server/sync/push.ts', `import { x } from '../../src/shared/types'`)).toEqual([])
    expect(outsideReferences(ROOT, 'src/db/database.ts', `import { schemas } from '../shared/schemas'`)).toEqual([])
    expect(outsideReferences(ROOT, 'docs/DESIGN.md', 'as [the first design](../../shared/DESIGN.md) says')).toEqual(['docs/DESIGN.md refers to ../../shared/DESIGN.md, outside the repository'])
    expect(outsideReferences(ROOT, 'README.md', `read ${WORKSPACE}shared/DESIGN.md`)).toEqual([`README.md names ${WORKSPACE}, a folder outside the repository`])
  })

  it('refers to no file outside itself, in code or in prose', () => {
    expect(TEXT.length).toBeGreaterThan(100)
    const problems = TEXT.flatMap(file => outsideReferences(ROOT, file, readFileSync(join(ROOT, file), 'utf8')))
    expect(problems).toEqual([])
  })
})
