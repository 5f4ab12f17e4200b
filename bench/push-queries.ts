/**
 * How many SQL statements one push costs, per collection, as a tablet sends them (a visit,
 * five interactions, a sale): the floor of the push path is its round trips. Prints the
 * count and the statements' shapes, each with its time (one run: indicative, not a measurement). PostgreSQL when DATABASE_URL is set, else PGlite.
 */
import type { Sql } from '../sync-server/storage/db'
import { ulid } from 'ulid'
import { makeInteraction, makeOrder, makeVisit } from '../test/fixtures/docs'
import { startBenchServer, STORE } from './server'

const server = await startBenchServer({ backend: process.env.DATABASE_URL ? 'postgres' : 'pglite', customers: 200 })
const statements: string[] = []
const counting = (sql: Sql): Sql => ({ query: async <T>(text: string, params?: unknown[]) => {
  const start = performance.now()
  const result = await sql.query<T>(text, params)
  statements.push(`${(performance.now() - start).toFixed(2).padStart(6)} ms  ${text.replace(/\s+/g, ' ').trim().slice(0, 90)}`)
  return result
} })
const { query, transaction } = server.db
Object.assign(server.db, {
  query: counting({ query }).query,
  transaction: <T>(fn: (tx: Sql) => Promise<T>) => transaction(tx => fn(counting(tx))),
})
const { token } = await server.enroll('queries')
const ASSOCIATE = 'assoc-mi-02'
const customerId = server.customers[0]!
const push = async (collection: string, docs: object[]) => {
  statements.length = 0
  const res = await fetch(`${server.url}/api/sync/${collection}/push`, { method: 'POST', headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(docs.map(d => ({ newDocumentState: d, assumedMasterState: null }))) })
  await res.text()
  console.log(`\n${collection} (${docs.length} documents): ${statements.length} statements, status ${res.status}`)
  for (const s of statements) console.log(`  ${s}`)
}
const visit = makeVisit({ id: ulid(), storeId: STORE, associateId: ASSOCIATE, customerId, startedAt: new Date().toISOString(), outcome: 'purchase' })
await push('visits', [visit])
await push('interactions', Array.from({ length: 5 }, () => makeInteraction({ id: ulid(), visitId: visit.id, storeId: STORE, associateId: ASSOCIATE, customerId, type: 'shown', at: new Date().toISOString() })))
const price = server.product.priceMinor
const lines = [{ sku: server.product.sku, name: server.product.name, size: '', qty: 1, unitPriceMinor: price, discountMinor: 0, discountReason: null, totalMinor: price }]
await push('orders', [makeOrder({ id: ulid(), storeId: STORE, associateId: ASSOCIATE, customerId, visitId: visit.id, placedAt: new Date().toISOString(), lines, subtotalMinor: price, totalMinor: price, vatMinor: Math.round(price * 2200 / 12_200), receipt: { email: null, language: 'it', status: 'none', reason: null, sentAt: null } })])
await server.close()
