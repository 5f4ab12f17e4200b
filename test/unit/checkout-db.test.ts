import type { BasketLine } from '../../src/domain/checkout'
import type { ClientelingDatabase } from '../../src/db/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { placeOrder } from '../../src/db/orders'
import { removeBought } from '../../src/shared/cart'
import { basketStock, startVisit } from '../../src/db/visits'
import { checkDerivedFields } from '../../sync-server/sync/consistency'
import { ASSOCIATE_ID, CUSTOMER_ID, makeCart, makeCustomer, makeItem, STORE_ID } from '../fixtures/docs'
import { makeStore } from '../fixtures/world'

let db: ClientelingDatabase
let counter = 0
const bare = <T extends { _deleted?: boolean }>(doc: T) => {
  const { _deleted, ...rest } = doc
  void _deleted
  return rest
}
const line = (overrides: Partial<BasketLine> = {}): BasketLine => ({
  sku: 'SKU-A', name: 'Mocassino', size: 'M', qty: 1, unitPriceMinor: 18_900, discountMinor: 0, discountReason: null, discountApprovedBy: null, ...overrides,
})

beforeEach(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `checkout-db-${process.pid}-${counter++}`, multiInstance: false })
  await db.stores.insert(makeStore({ id: STORE_ID, vatRateBp: 2200, currency: 'EUR' }))
  await db.customers.insert(bare(makeCustomer({ email: null })))
  await db.carts.insert(bare(makeCart({ items: [makeItem({ sku: 'SKU-A', size: 'M', qty: 2 }), makeItem({ sku: 'SKU-B', size: 'M' })] })))
})
afterEach(async () => {
  await db.remove()
})

async function sale(overrides: Partial<Parameters<typeof placeOrder>[0]> = {}) {
  const visit = await startVisit({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID }, db)
  const input = { orderId: '01JSALE0000000000000000001', visit, basket: [line(), line({ sku: 'SKU-C', size: '', unitPriceMinor: 5_000, discountMinor: 500, discountReason: 'damaged', discountApprovedBy: 'mgr' } as Partial<BasketLine>)], paymentMethod: 'card' as const, receiptEmail: 'new@example.com', receiptLanguage: 'it' as const, saveEmailToProfile: false, ...overrides }
  return { visit, input, order: await placeOrder(input, db) }
}

describe('placing an assisted sale on the tablet', () => {
  it('writes the order with the store\'s VAT, totals the server accepts, and a queued receipt', async () => {
    const { order, visit } = await sale()
    expect(order).toMatchObject({ channel: 'store', storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID, visitId: visit.id, vatRateBp: 2200, totalMinor: 18_900 + 4_500, paymentMethod: 'card' })
    expect(order.receipt).toEqual({ email: 'new@example.com', language: 'it', status: 'queued', reason: null, sentAt: null })
    expect(order.lines[1]).toMatchObject({ discountReason: 'damaged', discountApprovedBy: 'mgr', totalMinor: 4_500 })
    expect(checkDerivedFields('orders', order as unknown as Parameters<typeof checkDerivedFields>[1])).toBeNull()
  })

  it('logs one purchase per line and ends the visit with the order', async () => {
    const { order, visit } = await sale()
    const purchases = (await db.interactions.find({ selector: { visitId: visit.id } }).exec()).map(d => d.toJSON())
    expect(purchases.map(p => [p.type, p.sku, p.text])).toEqual([['purchase', 'SKU-A', order.id], ['purchase', 'SKU-C', order.id]])
    expect((await db.visits.findOne(visit.id).exec())?.toJSON()).toMatchObject({ outcome: 'purchase', orderId: order.id })
  })

  it('takes the bought pieces out of the customer\'s online cart', async () => {
    await sale()
    expect((await db.carts.findOne(CUSTOMER_ID).exec())?.items.map(i => [i.sku, i.qty])).toEqual([['SKU-A', 1], ['SKU-B', 1]])
  })

  it('places the order once when it is confirmed twice', async () => {
    const { input } = await sale()
    await placeOrder(input, db)
    expect(await db.orders.count().exec()).toBe(1)
    expect(await db.interactions.count({ selector: { type: 'purchase' } }).exec()).toBe(2)
  })

  it('saves a captured e-mail on the profile only when asked, with its search key', async () => {
    await sale({ saveEmailToProfile: true })
    const customer = (await db.customers.findOne(CUSTOMER_ID).exec())!.toJSON()
    expect([customer.email, customer.emailKey]).toEqual(['new@example.com', 'new@example.com'])
  })

  it('sends no receipt when there is no address', async () => {
    const { order } = await sale({ receiptEmail: null })
    expect(order.receipt.status).toBe('none')
  })
})

describe('taking bought pieces out of a cart', () => {
  it.each([
    ['one of two pieces', [{ sku: 'A', size: 'M', qty: 1 }], [['A', 'M', 1]]],
    ['all pieces', [{ sku: 'A', size: 'M', qty: 2 }], []],
    ['more than the cart held', [{ sku: 'A', size: 'M', qty: 5 }], []],
    ['another size', [{ sku: 'A', size: 'L', qty: 1 }], [['A', 'M', 2]]],
  ])('%s', (_name, bought, expected) => {
    const items = [makeItem({ sku: 'A', size: 'M', qty: 2 })]
    expect(removeBought(items, bought).map(i => [i.sku, i.size, i.qty])).toEqual(expected)
  })
})

describe('the basket\'s stock, for its warnings', () => {
  it('reads this store\'s and the web warehouse\'s pieces per SKU, and no count where there is none', async () => {
    await db.inventory.bulkInsert([
      { id: `${STORE_ID}:SKU-A`, updatedAt: '2026-11-01T10:00:00.000Z', storeId: STORE_ID, sku: 'SKU-A', onHand: 0 },
      { id: 'online:SKU-A', updatedAt: '2026-11-01T10:00:00.000Z', storeId: 'online', sku: 'SKU-A', onHand: 4 },
    ])
    expect(await basketStock(STORE_ID, ['SKU-A', 'SKU-Z'], db)).toEqual({ 'SKU-A': { store: 0, online: 4 }, 'SKU-Z': { store: null, online: null } })
  })
})
