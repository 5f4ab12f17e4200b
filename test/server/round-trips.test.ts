import type { Sql } from '../../sync-server/storage/db'
import type { TestServer } from './harness'
import { ulid } from 'ulid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCustomer, makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

// A push costs a fixed number of statements whatever its size: the writer, the book, lifetime
// values, receipts, audit rows, outbound events and identity resolution work on sets. A loop
// per document would show here as a count that grows with the batch.
describe.each(BACKENDS)('the statements a push costs on %s', (backend) => {
  let server: TestServer
  let client: ReturnType<typeof apiClient>
  const statements: string[] = []

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(world())
    client = apiClient(server.url, (await server.enroll('store-a')).token)
    // The device's first request writes its last-seen time (then once in 30 s): not a push's cost.
    await client.pull('visits')
    const counting = (sql: Pick<Sql, 'query'>): Pick<Sql, 'query'> => ({ query: (text, params) => {
      statements.push(text)
      return sql.query(text, params)
    } })
    const { query, transaction } = server.db
    Object.assign(server.db, {
      query: counting({ query }).query,
      // Only an attempt that went through counts: test files share one PostgreSQL database, so
      // their advisory locks meet, and a deadlock retried (storage/writer.ts) runs twice.
      transaction: <T>(fn: (tx: Sql) => Promise<T>) => transaction(async (tx) => {
        const attempt: string[] = []
        const result = await fn({ query: (text, params) => {
          attempt.push(text)
          return tx.query(text, params)
        } })
        statements.push(...attempt)
        return result
      }),
    })
  })
  afterAll(() => server.close())

  async function costOf(collection: string, docs: { id: string }[]): Promise<number> {
    statements.length = 0
    const reply = await client.push(collection, docs.map(d => ({ newDocumentState: d, assumedMasterState: null })))
    expect([reply.status, reply.body]).toEqual([200, []])
    return statements.length
  }

  let registered = 0
  const newCustomer = () => {
    const id = ulid()
    registered += 1
    return makeCustomer({ id, firstName: 'Nuova', lastName: `Cliente ${id.slice(-6)}`, email: `n-${id.toLowerCase()}@example.com`, phone: `+39 340 ${String(1_000_000 + registered)}`, loyaltyId: `LOY-N${registered}`, lifetimeValueMinor: 0, homeStoreId: 'store-a' })
  }
  const visit = () => makeVisit({ id: ulid(), storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })
  const interaction = () => makeInteraction({ id: ulid(), storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', visitId: ulid() })
  const sale = () => makeOrder({ id: ulid(), storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', visitId: ulid(), receipt: { email: 'alice@example.com', language: 'it', status: 'queued', reason: null, sentAt: null } })

  it.each([
    ['registrations of new customers', 'customers', newCustomer],
    ['visits', 'visits', visit],
    ['interactions', 'interactions', interaction],
    ['sales with receipts', 'orders', sale],
  ] as [string, string, () => { id: string }][])('costs as many statements for twenty %s as for one', async (_what, collection, make) => {
    const one = await costOf(collection, [make()])
    const twenty = await costOf(collection, Array.from({ length: 20 }, () => make()))
    expect(twenty).toBe(one)
  })

  it('costs as many statements for a batch of a hundred web cart and wishlist changes as for a cart and a wishlist', async () => {
    let n = 0
    const change = () => {
      n += 1
      const items = [{ sku: `SKU-W${n}`, size: '', qty: 1, addedAt: new Date().toISOString(), channel: 'web', addedBy: 'customer' }]
      return { id: `evt-rt-${n}`, type: n % 2 ? 'cart.updated' : 'wishlist.updated', occurredAt: new Date(Date.UTC(2026, 5, 1) + n * 1000).toISOString(), data: { customerId: n % 3 ? 'cus-alice' : 'cus-bruno', items } }
    }
    const cost = async (events: object[]) => {
      statements.length = 0
      const reply = await client.commerceBatch(events)
      expect(reply.body.results.map(r => r.outcome)).toEqual(events.map(() => 'applied'))
      return statements.length
    }
    const two = await cost([change(), change()])
    expect(await cost(Array.from({ length: 100 }, change))).toBe(two)
  })
})
