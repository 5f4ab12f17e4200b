/**
 * `npm run bench:lighthouse` (issue 27): Lighthouse's mobile preset (a mid-range phone: 4× CPU
 * slowdown, slow 4G, simulated) on the app's first screens as a tablet meets them — the
 * enrollment screen of a new device, and the lock screen of an enrolled one — served by the
 * real sync-server from a production build, in Debian's Chromium (CHROME_PATH; nothing is
 * downloaded). Prints the performance, accessibility and best-practices scores, LCP, TBT and
 * the entry's gzipped size; the baseline measured in the same run is a one-line HTML page on
 * the same server (the floor of LCP under this throttling). Not run in CI: the scores are
 * noisy, and nothing here fails on a number.
 *
 * Lighthouse and chrome-launcher are installed from npm on the first run, into
 * node_modules/.cache/bench-lighthouse, not as devDependencies: their ~180 packages would add a
 * minute to every CI install for a benchmark CI never runs. Lighthouse 12: 13 needs Node 22.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { startInstance } from '../test/server/instance-process'
import { median, printTable, type Row, RUNS, saveResults } from './lib'

const TOOLS = resolve('node_modules/.cache/bench-lighthouse')
const VERSIONS = ['lighthouse@12.8.2', 'chrome-launcher@1.2.1']
if (!existsSync(join(TOOLS, 'node_modules', 'lighthouse'))) {
  mkdirSync(TOOLS, { recursive: true })
  console.log(`Installing ${VERSIONS.join(', ')} into ${TOOLS} (once)…`)
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', TOOLS, ...VERSIONS], { stdio: 'ignore' })
}
const load = async (name: string, entry: string) => import(pathToFileURL(join(TOOLS, 'node_modules', name, entry)).href)

/** What this script reads of Lighthouse's report. */
interface Report { categories: Record<string, { score: number | null } | undefined>, audits: Record<string, { id: string, score: number | null, scoreDisplayMode: string, displayValue?: string, numericValue?: number, details?: { items?: unknown[] } }> }
const { default: lighthouse } = await load('lighthouse', 'core/index.js') as { default: (url: string, flags: Record<string, unknown>) => Promise<{ lhr: Report } | undefined> }
const { launch } = await load('chrome-launcher', 'dist/index.js') as { launch: (options: Record<string, unknown>) => Promise<{ port: number, kill: () => void }> }

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const OUT = process.env.BENCH_DIST ?? 'dist-bench'
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const

execFileSync('npx', ['vite', 'build', '--outDir', OUT, '--emptyOutDir'], { stdio: 'ignore' })
writeFileSync(join(OUT, 'floor.html'), '<!doctype html><html lang="en"><title>floor</title><meta name="viewport" content="width=device-width"><p>Clienteling</p></html>')
const html = readFileSync(join(OUT, 'index.html'), 'utf8')
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(m => m[1]!)
const entryKiB = entry.reduce((n, path) => n + gzipSync(readFileSync(join(OUT, path)), { level: 9 }).length, 0) / 1024

// A server with a store to enroll in, on a data folder of its own.
const dataDir = mkdtempSync(join(tmpdir(), 'clienteling-lighthouse-'))
const env = { DATA_DIR: dataDir, APP_DIR: OUT, PIN_ITERATIONS: '100000' }
execFileSync(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', 'seed', '--customers', '50'], { env: { ...process.env, ...env }, stdio: 'ignore' })
const code = execFileSync(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', 'enroll-code'], { env: { ...process.env, ...env } }).toString().trim().split('\n').at(-1)!
const server = await startInstance(env, { dataDir })
const origin = `http://localhost:${server.port}`

// An enrolled tablet's profile: enrolled through the screen, its first download done.
const profile = mkdtempSync(join(tmpdir(), 'clienteling-lighthouse-profile-'))
{
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROME, headless: true, viewport: { width: 1180, height: 820 } })
  const page = await context.newPage()
  await page.goto(origin)
  await page.fill('[data-test="enroll-code"]', code)
  await page.click('[data-test="enroll-submit"]')
  await page.waitForURL(/\/lock/, { timeout: 120_000 })
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean }).initialDone === true, null, { timeout: 120_000 })
  await context.close()
}

interface Audit { scores: Record<string, number>, lcp: number, tbt: number }

/** One Lighthouse run in a fresh Chromium; `userDataDir` and kept storage for the enrolled tablet. */
async function audit(url: string, userDataDir?: string): Promise<Audit> {
  const chrome = await launch({ chromePath: CHROME, userDataDir: userDataDir ?? false, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] })
  try {
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES], disableStorageReset: !!userDataDir }
    const result = (await lighthouse(url, flags))!.lhr
    const scores = Object.fromEntries(CATEGORIES.map(c => [c, result.categories[c]?.score ?? 0]))
    const failing = Object.values(result.audits).filter(a => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
    if (process.env.BENCH_VERBOSE) {
      console.log(url, failing.map(a => `${a.id} ${a.score} ${a.displayValue ?? ''}`).join('; '))
      const longTasks = result.audits['long-tasks']?.details as { items?: Array<{ url: string, duration: number, startTime: number }> } | undefined
      console.log(`  long tasks: ${(longTasks?.items ?? []).map(t => `${t.url.split('/').pop()} ${Math.round(t.startTime)}+${Math.round(t.duration)}`).join(', ')}`)
      for (const a of failing.filter(a => a.details?.items))
        console.log(`  ${a.id}: ${JSON.stringify(a.details!.items!.slice(0, 5)).slice(0, 600)}`)
    }
    return { scores, lcp: result.audits['largest-contentful-paint']!.numericValue!, tbt: result.audits['total-blocking-time']!.numericValue! }
  }
  finally {
    chrome.kill()
  }
}

async function measure(url: string, userDataDir?: string): Promise<Audit> {
  const runs: Audit[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await audit(url, userDataDir))
  return {
    scores: Object.fromEntries(CATEGORIES.map(c => [c, median(runs.map(r => r.scores[c]!))])),
    lcp: median(runs.map(r => r.lcp)),
    tbt: median(runs.map(r => r.tbt)),
  }
}

try {
  const floor = await measure(`${origin}/floor.html`)
  const enroll = await measure(`${origin}/enroll`)
  const lock = await measure(`${origin}/lock`, profile)
  const rows: Row[] = [
    { name: 'LCP, one-line page (floor)', value: floor.lcp, unit: 'ms' },
    { name: 'score target', value: 0.95, unit: '' },
    ...(['enrollment', 'lock'] as const).flatMap((screen) => {
      const a = screen === 'enrollment' ? enroll : lock
      return [
        ...CATEGORIES.map(c => ({ name: `${screen}: ${c}`, value: a.scores[c]!, unit: '', baseline: 'score target', higherIsBetter: true, target: '≥ 0.95' })),
        { name: `${screen}: LCP`, value: a.lcp, unit: 'ms', baseline: 'LCP, one-line page (floor)', target: '≤ 2500 ms (good)' },
        { name: `${screen}: TBT`, value: a.tbt, unit: 'ms', baseline: 'LCP, one-line page (floor)', target: '≤ 200 ms (good)' },
      ]
    }),
    { name: 'entry JS + CSS (gzip)', value: entryKiB, unit: 'KiB', target: '≤ 250 KiB' },
  ]
  printTable(`Lighthouse, mobile preset (median of ${RUNS}), Chromium ${execFileSync(CHROME, ['--version']).toString().trim()}`, rows)
  saveResults('lighthouse', rows, { entry })
}
finally {
  await server.stop()
  // As bench/server.ts: a benchmark leaves no data folder or browser profile behind.
  for (const dir of [dataDir, profile])
    rmSync(dir, { recursive: true, force: true })
}
