/**
 * Security issue, hole 7: the server checks what it can know about a store sale — catalogue
 * SKUs and prices (with a day's grace for a price change a tablet had not synced yet), a
 * discount approved by a manager of the store, the store's VAT rate — and a refused sale
 * changes nothing, the store's numbers included.
 */
import type { Database } from '../../sync-server/storage/db'
import type { OrderLine } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { makeOrder, makeProduct } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import type { DocIn } from './client'
import { apiClient } from './client'
import { dumpTables } from './dump'
import { BACKENDS, startTestServer } from './harness'

const TABLES = ['docs', 'book', 'scope_index', 'receipt_outbox', 'audit_log']

const dump = (db: Database) => dumpTables(db, TABLES)

const line = (sku: string, unitPriceMinor: number, overrides: Partial<OrderLine> = {}): OrderLine => {
  const l = { sku, name: sku, size: '', qty: 1, unitPriceMinor, discountMinor: 0, discountReason: null, discountApprovedBy: null, totalMinor: unitPriceMinor, ...overrides }
  return { ...l, totalMinor: l.qty * l.unitPriceMinor - l.discountMinor }
}

/** A store sale whose sums add up, so only the rule under test can refuse it. */
function sale(id: string, lines: OrderLine[], overrides: { vatRateBp?: number, placedAt?: string } = {}) {
  const subtotal = lines.reduce((n, l) => n + l.qty * l.unitPriceMinor, 0)
  const discount = lines.reduce((n, l) => n + l.discountMinor, 0)
  const vatRateBp = overrides.vatRateBp ?? 2200
  return makeOrder({
    id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', lines, placedAt: overrides.placedAt ?? new Date().toISOString(),
    subtotalMinor: subtotal, discountMinor: discount, totalMinor: subtotal - discount, vatRateBp, vatMinor: Math.round((subtotal - discount) * vatRateBp / (10_000 + vatRateBp)),
    receipt: { email: null, language: 'it', status: 'none', reason: null, sentAt: null },
  })
}

describe.each(BACKENDS)('hole 7: the rules of a store sale, checked by the server, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const push = (order: ReturnType<typeof sale>) => tablet.push('orders', [{ newDocumentState: order as DocIn, assumedMasterState: null }])
  const refusal = (reply: { status: number, body: unknown }) => [reply.status, (reply.body as { error?: { code: string } }).error?.code]

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    const pin = await hashPin('135702', { iterations: 1000 })
    await server.load({
      ...w,
      associates: [...w.associates, makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', pin }), makeAssociate({ id: 'mgr-b', storeId: 'store-b', role: 'manager', staffCode: 'B00', pin })],
    })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(() => server.close())

  async function refusedAndNothingChanged(order: ReturnType<typeof sale>, message: RegExp) {
    const before = await dump(server.db)
    const reply = await push(order)
    expect(refusal(reply)).toEqual([422, 'invalid-order'])
    expect((reply.body as unknown as { error: { message: string } }).error.message).toMatch(message)
    expect(await dump(server.db)).toBe(before)
  }

  it('accepts a sale at the catalogue price with a discount a manager of the store approved', async () => {
    const reply = await push(sale('ord-ok', [line('SKU-A', 18_000, { discountMinor: 1_800, discountReason: 'damaged', discountApprovedBy: 'mgr-a' })]))
    expect(reply.body).toEqual([])
  })

  it('refuses a line priced below the catalogue', async () => {
    await refusedAndNothingChanged(sale('ord-cheap', [line('SKU-A', 1_000)]), /line 1 sells SKU-A at 10 but the catalogue price is 180/)
  })

  it('refuses a discount approved by someone who is not an active manager of this store', async () => {
    for (const approver of ['assoc-a1', 'mgr-b', 'mgr-nobody', null])
      await refusedAndNothingChanged(sale('ord-free', [line('SKU-A', 18_000, { discountMinor: 18_000, discountReason: 'staff', discountApprovedBy: approver })]), /not approved by an active manager/)
  })

  it('refuses an unknown SKU at €999,999, and the store\'s average basket stays what it was', async () => {
    await refusedAndNothingChanged(sale('ord-huge', [line('SKU-GOLD', 99_999_900)]), /SKU-GOLD, which is not in the catalogue/)
  })

  it('refuses a VAT rate that is not the store\'s', async () => {
    await refusedAndNothingChanged(sale('ord-vat', [line('SKU-A', 18_000)], { vatRateBp: 400 }), /VAT rate is 4 % but the store's is 22 %/)
  })

  it('accepts a sale at the price the product had just before a price change a tablet had not synced (in flight), and not one older than a day', async () => {
    const changed = new Date(Date.now() - 2 * 3_600_000).toISOString()
    const platform = apiClient(server.url)
    const event = { id: 'evt-price-up', type: 'product.upserted', occurredAt: changed, data: makeProduct({ sku: 'SKU-B', name: 'Borsa a spalla', category: 'bags', priceMinor: 27_500, sizes: [] }) }
    expect((await platform.commerce(event as never)).status).toBe(202)
    const soldOffline = new Date(Date.now() - 3_600_000).toISOString()
    expect((await push(sale('ord-in-flight', [line('SKU-B', 25_000)], { placedAt: soldOffline }))).body).toEqual([])
    const muchLater = new Date(Date.parse(changed) + 25 * 3_600_000).toISOString()
    await refusedAndNothingChanged(sale('ord-too-late', [line('SKU-B', 25_000)], { placedAt: muchLater }), /catalogue price is 275/)
    expect((await push(sale('ord-new-price', [line('SKU-B', 27_500)]))).body).toEqual([])
  })
})
