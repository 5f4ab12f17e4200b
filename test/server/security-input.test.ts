/**
 * Security issue, holes 8 and 9: what the e-commerce platform sends late can't undo what
 * happened — an erased customer stays erased, and an old stock count or product name never
 * comes back.
 */
import type { Database } from '../../sync-server/storage/db'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeItem, makeOrder, makeProduct } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { dumpTables } from './dump'
import { BACKENDS, startTestServer } from './harness'

const TABLES = ['docs', 'book', 'scope_index', 'commerce_shadow', 'commerce_outbox', 'receipt_outbox', 'audit_log']

const everything = (db: Database) => dumpTables(db, TABLES)

const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`

describe.each(BACKENDS)('late platform events on %s', (backend) => {
  let server: TestServer
  let platform: ReturnType<typeof apiClient>
  let n = 0
  const send = (type: string, occurredAt: string, data: Record<string, unknown>) =>
    platform.commerce({ id: `evt-late-${n++}`, type, occurredAt, data } as never)

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load({ ...world(), products: [makeProduct({ sku: 'SKU-A', name: 'Mocassino Capri' })] })
    platform = apiClient(server.url)
  })
  afterAll(() => server.close())

  it('hole 8: keeps an erased customer erased, whatever arrives later, and stores no personal data again', async () => {
    expect((await send('customer.erased', at(10), { customerId: 'cus-alice' })).body).toMatchObject({ outcome: 'applied' })
    const late = [
      await send('customer.upserted', at(11), { id: 'cus-alice', firstName: 'Alice', lastName: 'Rossi', email: 'alice@example.com', phone: '+39 333 100 0001' }),
      await send('cart.updated', at(12), { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-A' })] }),
      await send('wishlist.updated', at(12), { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-A' })] }),
    ]
    expect(late.map(r => [r.status, r.body.outcome])).toEqual([[202, 'erased'], [202, 'erased'], [202, 'erased']])
    const order = makeOrder({ id: 'ord-web-late', channel: 'web', storeId: null, associateId: null, customerId: 'cus-alice', paymentMethod: 'online', receipt: { email: 'alice@example.com', language: 'it', status: 'none', reason: null, sentAt: null } })
    expect((await send('order.created', at(13), order as unknown as Record<string, unknown>)).status).toBe(202)
    const stored = await everything(server.db)
    for (const personal of ['alice@example.com', '333 100 0001', '3331000001', '"Alice"', 'LOY-100001'])
      expect(stored).not.toContain(personal)
    expect(stored).toContain('ord-web-late')
  })

  it('hole 9: ignores an older stock count and an older product, and refuses a count out of range', async () => {
    expect((await send('inventory.updated', at(20), { storeId: 'store-a', sku: 'SKU-A', onHand: 5 })).body.outcome).toBe('applied')
    expect((await send('inventory.updated', at(15), { storeId: 'store-a', sku: 'SKU-A', onHand: 9 })).body.outcome).toBe('stale')
    expect((await send('product.upserted', at(20), makeProduct({ sku: 'SKU-A', name: 'Mocassino Capri nuovo' }) as unknown as Record<string, unknown>)).body.outcome).toBe('applied')
    expect((await send('product.upserted', at(15), makeProduct({ sku: 'SKU-A', name: 'Mocassino Capri' }) as unknown as Record<string, unknown>)).body.outcome).toBe('stale')
    const before = await everything(server.db)
    const huge = await send('inventory.updated', at(30), { storeId: 'store-a', sku: 'SKU-A', onHand: 2_000_000 })
    expect([huge.status, (huge.body as unknown as { error: { code: string } }).error.code]).toEqual([422, 'invalid-event'])
    expect(await everything(server.db)).toBe(before)
    const { rows } = await server.db.query<{ data: { onHand?: number, name?: string } }>(`SELECT data FROM docs WHERE (collection = 'inventory' AND id = 'store-a:SKU-A') OR (collection = 'products' AND id = 'SKU-A') ORDER BY collection`)
    expect(rows.map(r => r.data.onHand ?? r.data.name)).toEqual([5, 'Mocassino Capri nuovo'])
  })
})
