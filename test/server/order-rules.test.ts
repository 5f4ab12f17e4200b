/**
 * Security issue, hole 7: the server checks what it can know about a store sale — catalogue
 * SKUs and prices (with a day's grace for a price change a tablet had not heard of), a
 * discount approved by an active manager of the store for one of management's reasons, the
 * store's currency and VAT rate. A refused sale changes nothing, the store's KPIs included;
 * a replay stays a replay, and the platform's web orders keep their own rules.
 */
import type { Kpis } from '../../src/shared/endpoints'
import type { AssociateDoc, OrderDoc, OrderLine } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { withWriter } from '../../sync-server/storage/writer'
import { orderBreach } from '../../sync-server/sync/order-rules'
import { makeOrder, makeProduct } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import type { DocIn } from './client'
import { apiClient } from './client'
import { dumpTables } from './dump'
import { BACKENDS, startTestServer } from './harness'

const TABLES = ['docs', 'book', 'scope_index', 'receipt_outbox', 'audit_log', 'price_history']
const HOUR = 3_600_000
const NOW = Date.now()
const ago = (hours: number) => new Date(NOW - hours * HOUR).toISOString()

const line = (sku: string, unitPriceMinor: number, overrides: Partial<OrderLine> = {}): OrderLine => {
  const l = { sku, name: sku, size: '', qty: 1, unitPriceMinor, discountMinor: 0, discountReason: null, discountApprovedBy: null, totalMinor: 0, ...overrides }
  return { ...l, totalMinor: l.qty * l.unitPriceMinor - l.discountMinor }
}

/** A store sale whose sums add up, so only the rule under test can refuse it. */
function sale(id: string, lines: OrderLine[], overrides: Partial<OrderDoc> = {}) {
  const subtotal = lines.reduce((n, l) => n + l.qty * l.unitPriceMinor, 0)
  const discount = lines.reduce((n, l) => n + l.discountMinor, 0)
  const vatRateBp = overrides.vatRateBp ?? 2200
  return makeOrder({
    id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', lines, placedAt: ago(0),
    subtotalMinor: subtotal, discountMinor: discount, totalMinor: subtotal - discount, vatRateBp, vatMinor: Math.round((subtotal - discount) * vatRateBp / (10_000 + vatRateBp)),
    receipt: { email: null, language: 'it', status: 'none', reason: null, sentAt: null },
    ...overrides,
  })
}

describe.each(BACKENDS)('hole 7: the rules of a store sale, checked by the server, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let manager: ReturnType<typeof apiClient>
  const platform = () => apiClient(server.url)
  const push = (order: ReturnType<typeof sale>) => tablet.push('orders', [{ newDocumentState: order as DocIn, assumedMasterState: null }])
  const accepted = async (order: ReturnType<typeof sale>) => expect(await push(order)).toMatchObject({ status: 200, body: [] })
  const changePrice = async (sku: string, priceMinor: number, at: string) =>
    expect((await platform().commerce({ id: `evt-${sku}-${at}`, type: 'product.upserted', occurredAt: at, data: makeProduct({ sku, name: sku, priceMinor }) } as never)).status).toBe(202)
  const storeKpis = async () => {
    const reply = await manager.request<{ stores: { store: Kpis }[] }>('GET', `/api/reports/kpis?from=${ago(24 * 30)}&to=${ago(-24)}&asOf=${ago(0)}`)
    expect(reply.status).toBe(200)
    return reply.body.stores[0]!.store
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    const pin = await hashPin('135702', { iterations: 1000 })
    const head = (id: string, storeId: string, active = true) => makeAssociate({ id, storeId, role: 'manager', staffCode: id, pin, active })
    await server.load({
      ...w,
      associates: [...w.associates, head('mgr-a', 'store-a'), head('mgr-gone', 'store-a', false), head('mgr-b', 'store-b'), head('mgr-leaving', 'store-a')],
      products: [...w.products, ...['SKU-SCARF', 'SKU-BELT', 'SKU-GLOVES', 'SKU-HAT'].map(sku => makeProduct({ sku, name: sku, priceMinor: 10_000 }))],
    })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    manager = await tablet.signIn('mgr-a', '135702')
    // One sale already counts, so a refused one would move the average basket.
    await accepted(sale('ord-first', [line('SKU-A', 18_000)]))
  })
  afterAll(() => server.close())

  /** Refused with this code and a message like this; no table and no KPI of the store moved. */
  async function refusedAndNothingChanged(order: ReturnType<typeof sale>, code: string, message: RegExp) {
    const before = { tables: await dumpTables(server.db, TABLES), kpis: await storeKpis() }
    const reply = await push(order)
    expect([reply.status, (reply.body as unknown as { error: { code: string } }).error.code]).toEqual([422, code])
    expect((reply.body as unknown as { error: { message: string } }).error.message).toMatch(message)
    expect({ tables: await dumpTables(server.db, TABLES), kpis: await storeKpis() }).toEqual(before)
    expect(before.kpis.averageBasketMinor).not.toBeNull()
  }

  it('accepts a sale at the catalogue prices, in the store\'s currency and VAT rate, with a discount a manager of the store approved', async () => {
    await accepted(sale('ord-ok', [line('SKU-A', 18_000, { discountMinor: 1_800, discountReason: 'damaged', discountApprovedBy: 'mgr-a' }), line('SKU-B', 25_000, { qty: 2 })]))
  })

  it('refuses a line priced below the catalogue, and changes nothing', async () => {
    await refusedAndNothingChanged(sale('ord-cheap', [line('SKU-B', 25_000), line('SKU-A', 1_000)]), 'wrong-price', /^The price on line 2 \(Leather loafer, SKU-A\) is €10\.00, but the catalogue price is €180\.00/)
  })

  it('refuses a discount approved by someone who is not an active manager of this store, and changes nothing', async () => {
    const free = (approver: string) => sale('ord-free', [line('SKU-A', 18_000, { discountMinor: 18_000, discountReason: 'staff', discountApprovedBy: approver })])
    for (const approver of ['assoc-a1', 'mgr-b', 'mgr-gone', 'mgr-nobody'])
      await refusedAndNothingChanged(free(approver), 'discount-not-approved', new RegExp(`^The discount of €180\\.00 on line 1 \\(Leather loafer, SKU-A\\) was approved by ${approver}, who is not an active manager of this store\\.$`))
    await refusedAndNothingChanged(sale('ord-free', [line('SKU-A', 18_000, { discountMinor: 100, discountReason: 'staff' })]), 'discount-not-approved', /on line 1 \(Leather loafer, SKU-A\) has no manager's approval/)
  })

  it('refuses a discount whose reason is not one of management\'s, and changes nothing', async () => {
    await refusedAndNothingChanged(sale('ord-why', [line('SKU-A', 18_000, { discountMinor: 9_000, discountReason: 'friend', discountApprovedBy: 'mgr-a' })]), 'unknown-discount-reason', /gives the reason "friend", which is not one of management's/)
  })

  it('refuses an unknown SKU at €999,999, and changes nothing: the store\'s average basket stays what it was', async () => {
    await refusedAndNothingChanged(sale('ord-huge', [line('SKU-GOLD', 99_999_900)]), 'unknown-sku', /^Line 1 \(SKU-GOLD\) is not a product of the catalogue\.$/)
  })

  it('refuses a VAT rate that is not the store\'s, or another currency, and changes nothing', async () => {
    await refusedAndNothingChanged(sale('ord-vat', [line('SKU-A', 18_000)], { vatRateBp: 400 }), 'wrong-vat-rate', /^The sale's VAT rate is 4 %, but the store's is 22 %\.$/)
    await refusedAndNothingChanged(sale('ord-usd', [line('SKU-A', 18_000)], { currency: 'USD' }), 'wrong-currency', /^The sale is in USD, but the store sells in EUR\.$/)
  })

  it('accepts a sale at the price the product had just before a price change (in flight)', async () => {
    await changePrice('SKU-SCARF', 11_000, ago(3))
    await accepted(sale('ord-in-flight', [line('SKU-SCARF', 10_000)], { placedAt: ago(1) }))
    await accepted(sale('ord-new-price', [line('SKU-SCARF', 11_000)]))
  })

  it('refuses a price older than the tolerance, and changes nothing', async () => {
    await changePrice('SKU-BELT', 12_000, ago(30))
    await accepted(sale('ord-within-a-day', [line('SKU-BELT', 10_000)], { placedAt: ago(7) }))
    await refusedAndNothingChanged(sale('ord-too-late', [line('SKU-BELT', 10_000)], { placedAt: ago(5) }), 'wrong-price', /catalogue price is €120\.00, and no other price was in force in the 24 hours before the sale/)
  })

  it('refuses a price the product had only after the sale, and changes nothing', async () => {
    await changePrice('SKU-GLOVES', 12_000, ago(24 * 10))
    await changePrice('SKU-GLOVES', 14_000, ago(24 * 5))
    await accepted(sale('ord-gloves', [line('SKU-GLOVES', 12_000)], { placedAt: ago(24 * 6) }))
    await refusedAndNothingChanged(sale('ord-backdated', [line('SKU-GLOVES', 12_000)], { placedAt: ago(24 * 12) }), 'wrong-price', /catalogue price is €140\.00/)
  })

  it('takes the replay of a sale as a replay, though its approver has left the store since', async () => {
    const order = sale('ord-replayed', [line('SKU-HAT', 10_000, { discountMinor: 1_000, discountReason: 'loyalty_reward', discountApprovedBy: 'mgr-leaving' })])
    await accepted(order)
    const leaving = (await server.db.query<{ data: AssociateDoc }>(`SELECT data FROM docs WHERE collection = 'associates' AND id = 'mgr-leaving'`)).rows[0]!.data
    await withWriter(server.db, w => w.write('associates', [{ ...leaving, active: false, updatedAt: ago(0) } as never]))
    const before = await dumpTables(server.db, TABLES)
    await accepted(order)
    expect(await dumpTables(server.db, TABLES)).toBe(before)
  })

  it('takes a web order from the platform with its own SKUs, prices and promotions', async () => {
    const lines = [line('SKU-WEB-ONLY', 99_000, { discountMinor: 9_900, discountReason: 'Codice WELCOME10' })]
    const order = sale('ord-web', lines, { channel: 'web', storeId: null, associateId: null, customerId: 'cus-bruno', visitId: null, paymentMethod: 'online' })
    expect((await platform().commerce({ id: 'evt-web-order', type: 'order.created', occurredAt: ago(0), data: order } as never)).status).toBe(202)
    expect((await server.db.query(`SELECT id FROM docs WHERE collection = 'orders' AND id = 'ord-web'`)).rows).toHaveLength(1)
  })
})

describe('a sale from a store the server has no record of', () => {
  it('is refused as such, not as a wrong VAT rate', () => {
    const breach = orderBreach(sale('ord-nowhere', [line('SKU-A', 10_000)]) as unknown as OrderDoc, { store: undefined, products: new Map(), endedPrices: new Map(), managers: new Set() })
    expect(breach?.code).toBe('unknown-store')
  })
})
