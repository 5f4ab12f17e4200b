/**
 * The first download of a new tablet nobody uses, stage by stage (FIRST_DOWNLOAD_STAGES), each
 * against its own floor: the same pulls written straight into IndexedDB in the same page
 * (bench/tablet.ts). Shows which stage holds the whole download above its 1.5× target (issue 24).
 * `npm run bench:stages`; BENCH_CUSTOMERS (default 20,000), BENCH_SKIP_BUILD=1 reuses the last
 * build, BENCH_PROFILE=1 prints where the page's main thread spent the download; BENCH_TYPING=1
 * has an associate sign in as soon as the lock screen shows and look people up all through it
 * (bursts of ten lookups a second apart, as bench/browser.ts types).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEnrollCode } from '../sync-server/auth/devices'
import { wrapDemoBookKeys } from '../sync-server/seed'
import { FIRST_DOWNLOAD_STAGES } from '../src/shared/collections'
import { printProfile, startProfile } from './cpu-profile'
import { printTable, saveResults } from './lib'
import { STORE, startBenchServer } from './server'
import { launchTablet, rawIndexedDbWrite } from './tablet'

const N = Number(process.env.BENCH_CUSTOMERS ?? 20_000)
const APP_DIR = join(process.cwd(), 'dist-bench-app')
const TYPING = Boolean(process.env.BENCH_TYPING)
const SURNAMES = ['Ross', 'Bian', 'Espo', 'Colo', 'Ricc', 'Mare', 'Roma', 'Gall', 'Cost', 'Font']

if (!process.env.BENCH_SKIP_BUILD) {
  execFileSync(join('node_modules', '.bin', 'vite'), ['build', '--outDir', APP_DIR, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', VITE_BENCH_HOOKS: '1' },
  })
}
console.log(`seeding ${N} customers…`)
const server = await startBenchServer({ backend: 'pglite', customers: N, appDir: APP_DIR })
await wrapDemoBookKeys(server.db)
const dir = mkdtempSync(join(tmpdir(), 'clienteling-bench-stages-'))
const context = await launchTablet(dir)
try {
  const page = await context.newPage()
  await page.goto(server.url)
  // The longest inactivity lock: the lookups are typed by the benchmark, not by a hand on the screen.
  await page.evaluate(() => localStorage.setItem('clienteling.inactivityMinutes', '30'))
  await page.reload()
  await page.fill('[data-test="enroll-code"]', await createEnrollCode(server.db, STORE))
  await page.fill('[data-test="enroll-name"]', 'Bench, stages')
  const cdp = await context.newCDPSession(page)
  if (process.env.BENCH_PROFILE)
    await startProfile(cdp)
  const t0 = performance.now()
  await page.click('[data-test="enroll-submit"]')
  // When each stage is in, as the sync store keeps it in localStorage (polled every 100 ms).
  const ends: number[] = []
  if (TYPING) {
    await page.waitForURL(/\/lock/, { timeout: 60 * 60_000 })
    await page.click('[data-test="associate-MI02"]')
    for (const digit of '0202') await page.click(`[data-test="pin-key-${digit}"]`)
    await page.click('[data-test="pin-ok"]')
    await page.waitForSelector('[data-test="lookup-input"]')
  }
  for (;;) {
    const done = await page.evaluate(() => {
      const saved = JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean, stagesDone?: number }
      return saved.initialDone ? Number.POSITIVE_INFINITY : saved.stagesDone ?? 0
    })
    while (ends.length < Math.min(done, FIRST_DOWNLOAD_STAGES.length)) ends.push(performance.now() - t0)
    if (done === Number.POSITIVE_INFINITY)
      break
    if (TYPING)
      await page.evaluate(`(async () => { for (const q of ${JSON.stringify(SURNAMES)}) await globalThis.__clientelingBench.search(q) })()`)
    await page.waitForTimeout(TYPING ? 1000 : 100)
  }
  const total = performance.now() - t0
  if (process.env.BENCH_PROFILE)
    await printProfile(cdp, `first download, ${N} customers: ${(total / 1000).toFixed(1)} s`)
  const rows = []
  let floorSum = 0
  for (const [stage, collections] of FIRST_DOWNLOAD_STAGES.entries()) {
    const floor = await rawIndexedDbWrite(page, collections)
    floorSum += floor
    const took = ends[stage]! - (ends[stage - 1] ?? 0)
    rows.push({ name: `floor: stage ${stage} (${collections.join(', ')}) written straight to IndexedDB`, value: floor, unit: 'ms' })
    rows.push({ name: `stage ${stage} (${collections.join(', ')}), downloaded`, value: took, unit: 'ms', baseline: `floor: stage ${stage} (${collections.join(', ')}) written straight to IndexedDB` })
  }
  const whole = await rawIndexedDbWrite(page)
  rows.push({ name: 'floor: the stages one after another (sum of the above)', value: floorSum, unit: 'ms' })
  rows.push({ name: 'floor: every collection at once, written straight to IndexedDB', value: whole, unit: 'ms' })
  rows.push({ name: `whole first download, ${N} customers, ${TYPING ? 'an associate looking people up all along' : 'nobody using the tablet'}`, value: total, unit: 'ms', baseline: 'floor: every collection at once, written straight to IndexedDB', target: '≤ 1.5× the floor' })
  printTable(`The first download stage by stage, ${N} customers of one store`, rows)
  saveResults('stages', rows, { customers: N })
}
finally {
  await context.close()
  rmSync(dir, { recursive: true, force: true })
  await server.close()
}
process.exit(0)
