import { describe, expect, it } from 'vitest'
import { outboundEventFor, storeItemChanges } from '../../sync-server/outbound/item-events'
import { makeCart, makeItem } from '../fixtures/docs'

const WEB = makeItem({ sku: 'SKU-WEB', channel: 'web' })
const STORE = makeItem({ sku: 'SKU-STORE', channel: 'store', addedBy: 'assoc-a1' })

describe('storeItemChanges', () => {
  it('counts an item added in store', () => {
    expect(storeItemChanges([WEB], [WEB, STORE])).toEqual({ added: [STORE], changed: [], removed: [] })
  })
  it('counts a web item whose quantity the associate changed in store', () => {
    expect(storeItemChanges([WEB], [{ ...WEB, qty: 3 }])).toEqual({ added: [], changed: [{ ...WEB, qty: 3 }], removed: [] })
  })
  it('counts a store item whose quantity changed, and the same size of a sku as a different item', () => {
    const otherSize = { ...STORE, size: 'L' }
    expect(storeItemChanges([STORE], [{ ...STORE, qty: 2 }, otherSize])).toEqual({ added: [otherSize], changed: [{ ...STORE, qty: 2 }], removed: [] })
  })
  it('counts the removal of any item, web or store', () => {
    expect(storeItemChanges([WEB, STORE], [])).toEqual({ added: [], changed: [], removed: [WEB, STORE] })
  })
  it('finds nothing when the lists are equal', () => {
    expect(storeItemChanges([WEB, STORE], [WEB, STORE])).toBeNull()
  })
})

describe('outboundEventFor', () => {
  const base = { collection: 'carts' as const, seq: 42, storeId: 'store-a', occurredAt: '2026-01-01T00:00:00.000Z' }

  it('builds a cart.updated with the full new item list and the associates who made the change', () => {
    const next = makeCart({ id: 'cus-alice', customerId: 'cus-alice', items: [WEB, STORE] })
    expect(outboundEventFor({ ...base, previous: null, next })).toEqual({
      id: 'clienteling:carts:cus-alice:42',
      type: 'cart.updated',
      occurredAt: base.occurredAt,
      data: { customerId: 'cus-alice', items: [WEB, STORE], changedBy: ['assoc-a1'], storeId: 'store-a' },
      track: [WEB, STORE].map(item => ({ event: 'Product Added', properties: { cart_id: 'cus-alice', product_id: item.sku, sku: item.sku, variant: item.size || undefined, quantity: item.qty } })),
    })
  })
  it('says the store made a removal-only change, and names wishlists as such', () => {
    const previous = makeCart({ id: 'cus-alice', customerId: 'cus-alice', items: [WEB] })
    const next = makeCart({ ...previous, items: [] })
    const event = outboundEventFor({ ...base, collection: 'wishlists', previous, next })
    expect(event).toMatchObject({ id: 'clienteling:wishlists:cus-alice:42', type: 'wishlist.updated', data: { items: [], changedBy: 'store' } })
    expect(event?.track).toEqual([{ event: 'Product Removed from Wishlist', properties: expect.objectContaining({ wishlist_id: 'cus-alice', sku: WEB.sku }) }])
  })
  it('treats a deleted cart as all its items removed', () => {
    const previous = makeCart({ id: 'cus-alice', customerId: 'cus-alice', items: [WEB] })
    const next = makeCart({ ...previous, _deleted: true })
    expect(outboundEventFor({ ...base, previous, next })?.data.items).toEqual([])
  })
  it('gives nothing for a change the store did not make', () => {
    const previous = makeCart({ id: 'cus-alice', customerId: 'cus-alice', items: [WEB] })
    const next = makeCart({ ...previous, updatedAt: '2026-02-01T00:00:00.000Z' })
    expect(outboundEventFor({ ...base, previous, next })).toBeNull()
  })
})
