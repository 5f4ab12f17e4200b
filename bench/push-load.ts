/**
 * Benchmark 3: 50 tablets of one store push visits, interactions and sales concurrently for
 * 30 s (`BENCH_PUSH_SECONDS`), each as a tablet does (bench/tablet-load.ts). Measured:
 * documents written per second and the p95 of a push's latency, on PGlite and (with
 * DATABASE_URL) PostgreSQL; baseline: one tablet alone. Afterwards the server must hold
 * exactly the documents sent: none lost, none twice. `npm run bench:chain` runs the same
 * load with the server in processes of its own, and over several instances.
 */
import { median, percentile, printTable, saveResults } from './lib'
import { backends, STORE, startBenchServer } from './server'
import { assertHeld, newPushed, pushedCount, runTablets } from './tablet-load'

const SECONDS = Number(process.env.BENCH_PUSH_SECONDS ?? 30)
const TABLETS = Number(process.env.BENCH_TABLETS ?? 50)

async function load(server: Awaited<ReturnType<typeof startBenchServer>>, tablets: number) {
  const tokens = await Promise.all(Array.from({ length: tablets }, (_, i) => server.enroll(`load-${i}`).then(r => r.token)))
  const latencies: number[] = []
  const pushed = newPushed()
  const deadline = Date.now() + SECONDS * 1000
  const started = performance.now()
  await runTablets({ url: () => server.url, tokens, customers: server.customers, product: server.product, storeId: STORE, until: () => Date.now() >= deadline }, pushed, latencies)
  const seconds = (performance.now() - started) / 1000
  await assertHeld(server.db, pushed)
  const written = pushedCount(pushed)
  return { docsPerSecond: written / seconds, p95: percentile(latencies, 95), p50: median(latencies), written }
}

for (const backend of backends()) {
  const server = await startBenchServer({ backend, customers: 2000 })
  const one = await load(server, 1)
  const many = await load(server, TABLETS)
  const rows = [
    { name: '1 tablet: documents/s', value: one.docsPerSecond, unit: 'docs/s', higherIsBetter: true },
    { name: `${TABLETS} tablets: documents/s`, value: many.docsPerSecond, unit: 'docs/s', baseline: '1 tablet: documents/s', higherIsBetter: true },
    { name: '1 tablet: push p95', value: one.p95, unit: 'ms' },
    { name: `${TABLETS} tablets: push p95`, value: many.p95, unit: 'ms', baseline: '1 tablet: push p95' },
  ]
  printTable(`Push load on ${backend}, ${SECONDS} s — ${many.written} documents from ${TABLETS} tablets, none lost or doubled`, rows)
  saveResults(`push-load-${backend}`, rows, { written: many.written, p50: many.p50 })
  await server.close()
}
