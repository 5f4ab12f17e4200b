/**
 * The first download of a new tablet nobody uses, stage by stage (FIRST_DOWNLOAD_STAGES), each
 * against its own floor: the same pulls written straight into IndexedDB in the same page
 * (bench/tablet.ts). Shows which stage holds the whole download above its 1.5× target (issue 24).
 * `npm run bench:stages`; BENCH_CUSTOMERS (default 20,000), BENCH_SKIP_BUILD=1 reuses the last
 * build, BENCH_PROFILE=1 prints where the page's main thread spent the download; BENCH_TYPING=1
 * has an associate sign in as soon as the lock screen shows and look people up all through it
 * (bursts of ten lookups a second apart, as bench/browser.ts types; BENCH_TYPING_PAUSE_MS sets the
 * pause between bursts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { wrapDemoBookKeys } from '../sync-server/seed'
import { FIRST_DOWNLOAD_STAGES } from '../src/shared/collections'
import { printProfile, startProfile } from './cpu-profile'
import { printTable, saveResults } from './lib'
import { startBenchServer } from './server'
import { APP_DIR, buildBenchApp, fillEnrollment, launchTablet, rawIndexedDbWrite, signIn, stagesDone } from './tablet'

const N = Number(process.env.BENCH_CUSTOMERS ?? 20_000)
const TYPING = Boolean(process.env.BENCH_TYPING)
const PAUSE_MS = Number(process.env.BENCH_TYPING_PAUSE_MS ?? 1000)
const LOAD = TYPING ? `an associate looking people up all along${PAUSE_MS === 1000 ? '' : `, ${PAUSE_MS / 1000} s between bursts`}` : 'nobody using the tablet'
const SURNAMES = ['Ross', 'Bian', 'Espo', 'Colo', 'Ricc', 'Mare', 'Roma', 'Gall', 'Cost', 'Font']

if (!process.env.BENCH_SKIP_BUILD)
  buildBenchApp()
console.log(`seeding ${N} customers…`)
const server = await startBenchServer({ backend: 'pglite', customers: N, appDir: APP_DIR })
await wrapDemoBookKeys(server.db)
const dir = mkdtempSync(join(tmpdir(), 'clienteling-bench-stages-'))
const context = await launchTablet(dir)
try {
  const page = await context.newPage()
  await fillEnrollment(page, server, 'Bench, stages', TYPING)
  const cdp = await context.newCDPSession(page)
  if (process.env.BENCH_PROFILE)
    await startProfile(cdp)
  const t0 = performance.now()
  await page.click('[data-test="enroll-submit"]')
  // When each stage is in, as the sync store keeps it in localStorage (polled every 100 ms).
  const ends: number[] = []
  // The bursts' time from the benchmark's call to the page's answer (a busy page answers later).
  let lookupsMs = 0
  // Each burst's time by the stage under way when it began: where the lookups cost the most.
  const bursts = FIRST_DOWNLOAD_STAGES.map(() => [] as number[])
  if (TYPING) {
    await page.waitForURL(/\/lock/, { timeout: 60 * 60_000 })
    await signIn(page)
  }
  for (;;) {
    const done = await stagesDone(page)
    while (ends.length < Math.min(done, FIRST_DOWNLOAD_STAGES.length)) ends.push(performance.now() - t0)
    if (done === Number.POSITIVE_INFINITY)
      break
    if (TYPING) {
      const burst = performance.now()
      await page.evaluate(`(async () => { for (const q of ${JSON.stringify(SURNAMES)}) await globalThis.__clientelingBench.search(q) })()`)
      lookupsMs += performance.now() - burst
      bursts[Math.min(done, FIRST_DOWNLOAD_STAGES.length - 1)]!.push(performance.now() - burst)
      if (process.env.BENCH_BURSTS)
        console.log(`burst at ${((burst - t0) / 1000).toFixed(1)} s, stage ${done}: ${(performance.now() - burst).toFixed(0)} ms`)
    }
    // Between bursts, the stages are polled every 100 ms (when each ended is what is timed).
    for (let waited = 0; waited < (TYPING ? PAUSE_MS : 100) && await stagesDone(page) === done; waited += 100)
      await page.waitForTimeout(100)
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
  if (TYPING) {
    rows.push({ name: 'the associate\'s bursts of lookups, call to answer', value: lookupsMs, unit: 'ms', baseline: `whole first download, ${N} customers, ${LOAD}` })
    for (const [stage, times] of bursts.entries()) {
      if (!times.length)
        continue
      const sorted = [...times].sort((a, b) => a - b)
      rows.push({ name: `bursts during stage ${stage}: ${times.length}, median (all ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s)`, value: sorted[Math.floor(sorted.length / 2)]!, unit: 'ms' })
    }
  }
  rows.push({ name: `whole first download, ${N} customers, ${LOAD}`, value: total, unit: 'ms', baseline: 'floor: every collection at once, written straight to IndexedDB', target: '≤ 1.5× the floor' })
  printTable(`The first download stage by stage, ${N} customers of one store`, rows)
  saveResults('stages', rows, { customers: N })
}
finally {
  await context.close()
  rmSync(dir, { recursive: true, force: true })
  await server.close()
}
process.exit(0)
