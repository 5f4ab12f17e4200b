/**
 * Where the tablet spends its time, under Chromium's sampling profiler, printed as the
 * functions with the most self time ("(idle)": the main thread waiting on IndexedDB or the
 * network). The built app of bench:browser with N customers (default 3,000).
 * `npm run bench:profile -- sync`: the first sync; `-- lookup`: 100 lookups right after the
 * sign-in; `-- boot`: a new page with the network off, to the first search result.
 * BENCH_SKIP_BUILD=1 reuses the last build.
 */
import type { Page } from 'playwright-core'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { createEnrollCode } from '../sync-server/auth/devices'
import { wrapDemoBookKeys } from '../sync-server/seed'
import { printProfile, startProfile } from './cpu-profile'
import { STORE, startBenchServer } from './server'
import { APP_DIR, buildBenchApp } from './tablet'

const PHASE = (['lookup', 'boot', 'background'] as const).find(p => p === process.argv[2]) ?? 'sync'
const N = Number(process.env.BENCH_CUSTOMERS ?? 3000)
const SURNAMES = ['Ross', 'Bian', 'Espo', 'Colo', 'Ricc', 'Mare', 'Roma', 'Gall', 'Cost', 'Font']

// Not minified: the profile names the app's own functions.
if (!process.env.BENCH_SKIP_BUILD)
  buildBenchApp(['--minify', 'false'])
/** Signs in after a reload (the book reopens, its replication resumes) and times 100 lookups of surnames' starts. */
async function lookups(page: Page, start: () => Promise<unknown>): Promise<number> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await page.waitForTimeout(Number(process.env.PROFILE_WAIT_MS ?? 0))
  await page.reload()
  await page.click('[data-test="associate-MI02"]')
  for (const digit of '0202') await page.click(`[data-test="pin-key-${digit}"]`)
  await start()
  await page.click('[data-test="pin-ok"]')
  await page.waitForSelector('[data-test="lookup-input"]')
  const t0 = performance.now()
  await page.evaluate(`(async () => { for (const q of ${JSON.stringify(SURNAMES)}.concat(${JSON.stringify(SURNAMES)})) await globalThis.__clientelingBench.search(q) })()`)
  return performance.now() - t0
}

/**
 * Signs in as soon as the lock screen shows and types bursts of lookups while the rest downloads,
 * printing each lookup's time beside the main thread's long tasks in the same burst: a slow lookup
 * on an idle main thread waits on IndexedDB, one during a long task waits on the page.
 */
async function background(page: Page, start: () => Promise<unknown>): Promise<number> {
  await page.click('[data-test="associate-MI02"]')
  for (const digit of '0202') await page.click(`[data-test="pin-key-${digit}"]`)
  await page.click('[data-test="pin-ok"]')
  await page.waitForSelector('[data-test="lookup-input"]')
  await page.evaluate(`(() => { globalThis.__longTasks = []; new PerformanceObserver(l => { for (const e of l.getEntries()) globalThis.__longTasks.push([e.startTime, e.duration]) }).observe({ type: 'longtask' }) })()`)
  await start()
  const t0 = performance.now()
  const times: number[] = []
  const done = () => page.evaluate(() => (JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean }).initialDone === true)
  while (!(await done())) {
    const burst = await page.evaluate(`(async () => { const out = []; for (const q of ${JSON.stringify(SURNAMES)}) { const s = performance.now(); await globalThis.__clientelingBench.search(q); out.push([s, performance.now() - s]) } return out })()`) as [number, number][]
    times.push(...burst.map(b => b[1]))
    const slow = burst.filter(b => b[1] > 50)
    if (slow.length) {
      const long = await page.evaluate(`globalThis.__longTasks.filter(([s, d]) => s + d > ${burst[0]![0]} && s < ${burst.at(-1)![0] + burst.at(-1)![1]})`) as [number, number][]
      console.log(`slow lookups ${slow.map(b => b[1].toFixed(0)).join(', ')} ms; long tasks in the burst ${long.map(l => l[1].toFixed(0)).join(', ')} ms`)
    }
    await page.waitForTimeout(1000)
  }
  times.sort((a, b) => a - b)
  console.log(`${times.length} lookups during the background download, p50 ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(1)} ms`)
  return performance.now() - t0
}

const server = await startBenchServer({ backend: 'pglite', customers: N, appDir: APP_DIR })
await wrapDemoBookKeys(server.db)
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
try {
  const page = await (await browser.newContext({ viewport: { width: 1180, height: 820 } })).newPage()
  await page.goto(server.url)
  await page.fill('[data-test="enroll-code"]', await createEnrollCode(server.db, STORE))
  await page.fill('[data-test="enroll-name"]', 'Profile')
  let cdp = await page.context().newCDPSession(page)
  // BENCH_NO_PROFILE=1: the same phase timed without the profiler's overhead.
  const start = () => process.env.BENCH_NO_PROFILE ? Promise.resolve() : startProfile(cdp)
  if (PHASE === 'sync')
    await start()
  const t0 = performance.now()
  await page.click('[data-test="enroll-submit"]')
  await page.waitForURL(/\/lock/, { timeout: 60 * 60_000 })
  let ms = performance.now() - t0
  if (PHASE === 'lookup')
    ms = await lookups(page, start)
  if (PHASE === 'background')
    ms = await background(page, start)
  if (PHASE === 'boot') {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await page.waitForTimeout(Number(process.env.PROFILE_WAIT_MS ?? 0))
    await page.context().setOffline(true)
    const next = await page.context().newPage()
    next.on('console', m => m.text().startsWith('TMP') && console.log(m.text()))
    cdp = await page.context().newCDPSession(next)
    await start()
    const t1 = performance.now()
    const marks: string[] = []
    const mark = (what: string) => marks.push(`${what} ${Math.round(performance.now() - t1)} ms`)
    await next.goto(server.url)
    await next.click('[data-test="associate-MI02"]')
    mark('lock screen')
    for (const digit of '0202') await next.click(`[data-test="pin-key-${digit}"]`)
    mark('PIN typed')
    await next.click('[data-test="pin-ok"]')
    await next.waitForSelector('[data-test="lookup-input"]')
    mark('signed in')
    await next.fill('[data-test="lookup-input"]', SURNAMES[0]!)
    await next.waitForSelector('[data-test="lookup-result"]')
    mark('first result')
    console.log(marks.join(', '))
    ms = performance.now() - t1
  }
  if (process.env.BENCH_NO_PROFILE) {
    console.log(`${PHASE}, ${N} customers: ${(ms / 1000).toFixed(1)} s`)
    process.exit(0)
  }
  const profile = await printProfile(cdp, `${PHASE}, ${N} customers: ${(ms / 1000).toFixed(1)} s`)
  const file = join(tmpdir(), `clienteling-${PHASE}.cpuprofile`)
  writeFileSync(file, JSON.stringify(profile))
  console.log(`profile written to ${file} (open it in Chromium's DevTools, Performance)`)
}
finally {
  await browser.close()
  await server.close()
}
process.exit(0)
