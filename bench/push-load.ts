/**
 * Benchmark 3: 50 tablets of one store push visits, interactions and sales concurrently for
 * 30 s (`BENCH_PUSH_SECONDS`), each as a tablet does: a batch at a time, the next when the
 * answer came. Measured: documents written per second and the p95 of a push's latency, on
 * PGlite and (with DATABASE_URL) PostgreSQL; baseline: one tablet alone. Afterwards the
 * server must hold exactly the documents sent: none lost, none twice.
 */
import { ulid } from 'ulid'
import { makeInteraction, makeOrder, makeVisit } from '../test/fixtures/docs'
import { median, percentile, printTable, saveResults } from './lib'
import { backends, STORE, startBenchServer } from './server'

const SECONDS = Number(process.env.BENCH_PUSH_SECONDS ?? 30)
const TABLETS = Number(process.env.BENCH_TABLETS ?? 50)
const ASSOCIATE = 'assoc-mi-02'

async function load(server: Awaited<ReturnType<typeof startBenchServer>>, tablets: number) {
  const tokens = await Promise.all(Array.from({ length: tablets }, (_, i) => server.enroll(`load-${i}`).then(r => r.token)))
  const latencies: number[] = []
  const sent = { visits: new Set<string>(), interactions: new Set<string>(), orders: new Set<string>() }
  const push = async (token: string, collection: keyof typeof sent, docs: { id: string }[]) => {
    const start = performance.now()
    const res = await fetch(`${server.url}/api/sync/${collection}/push`, {
      method: 'POST',
      headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(docs.map(d => ({ newDocumentState: d, assumedMasterState: null }))),
    })
    await res.text()
    latencies.push(performance.now() - start)
    if (res.status !== 200)
      throw new Error(`push ${collection}: ${res.status}`)
    docs.forEach(d => sent[collection].add(d.id))
  }
  const deadline = Date.now() + SECONDS * 1000
  const started = performance.now()
  await Promise.all(tokens.map(async (token, t) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const customerId = server.customers[(t * 997 + n) % server.customers.length]!
      const visit = makeVisit({ id: ulid(), storeId: STORE, associateId: ASSOCIATE, customerId, startedAt: new Date().toISOString(), outcome: 'purchase' })
      await push(token, 'visits', [visit])
      const acts = Array.from({ length: 5 }, () => makeInteraction({ id: ulid(), visitId: visit.id, storeId: STORE, associateId: ASSOCIATE, customerId, type: 'shown', at: new Date().toISOString() }))
      await push(token, 'interactions', acts)
      const price = server.product.priceMinor
      const lines = [{ sku: server.product.sku, name: server.product.name, size: '', qty: 1, unitPriceMinor: price, discountMinor: 0, discountReason: null, totalMinor: price }]
      await push(token, 'orders', [makeOrder({ id: ulid(), storeId: STORE, associateId: ASSOCIATE, customerId, visitId: visit.id, placedAt: new Date().toISOString(), lines, subtotalMinor: price, totalMinor: price, vatMinor: Math.round(price * 2200 / 12_200), receipt: { email: null, language: 'it', status: 'none', reason: null, sentAt: null } })])
    }
  }))
  const seconds = (performance.now() - started) / 1000
  const written = sent.visits.size + sent.interactions.size + sent.orders.size
  // Exactly what was sent: every id once, nothing more.
  for (const collection of ['visits', 'interactions', 'orders'] as const) {
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [collection, JSON.stringify([...sent[collection]])])
    if (Number(rows[0]!.n) !== sent[collection].size)
      throw new Error(`${collection}: sent ${sent[collection].size}, server holds ${rows[0]!.n}`)
  }
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
