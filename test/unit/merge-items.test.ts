import type { CartItem } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { itemKey, mergeItems } from '../../src/shared/merge'
import { deepFreeze, makeCart, makeItem } from '../fixtures/docs'

const T1 = '2025-03-02T10:00:00.000Z'
const T2 = '2025-03-03T10:00:00.000Z'
const A = makeItem({ sku: 'SKU-A' })
const B = makeItem({ sku: 'SKU-B', qty: 2 })
const C = makeItem({ sku: 'SKU-C', channel: 'web' })
const D = makeItem({ sku: 'SKU-D', channel: 'store', addedBy: 'assoc-giulia' })
const qty = (item: CartItem, n: number) => ({ ...item, qty: n })

type Case = { name: string, master: CartItem[], next: CartItem[], expected: CartItem[] }

describe('mergeItems with a common base [A, B]', () => {
  const cases: Case[] = [
    { name: 'keeps an item removed on the web and untouched on the tablet removed', master: [A], next: [A, B], expected: [A] },
    { name: 'keeps an item removed on the tablet and untouched on the web removed', master: [A, B], next: [A], expected: [A] },
    { name: 'lets the tablet\'s removal win over a quantity the web changed', master: [A, qty(B, 5)], next: [A], expected: [A] },
    { name: 'lets the tablet\'s item win over the web\'s removal of it', master: [A], next: [A, qty(B, 3)], expected: [A, qty(B, 3)] },
    { name: 'takes the tablet\'s quantity when both sides changed it', master: [A, qty(B, 5)], next: [A, qty(B, 4)], expected: [A, qty(B, 4)] },
    { name: 'takes the web\'s quantity when the tablet did not touch the item', master: [A, qty(B, 5)], next: [A, B], expected: [A, qty(B, 5)] },
    { name: 'takes the tablet\'s version of an item added on both sides with different quantities', master: [A, B, qty(C, 2)], next: [A, B, qty(C, 1)], expected: [A, B, qty(C, 1)] },
    { name: 'keeps the web\'s additions and appends the tablet\'s after them', master: [A, B, C], next: [A, B, D], expected: [A, B, C, D] },
    { name: 'follows the master\'s order for items both sides have', master: [B, A], next: [D, A, B], expected: [B, A, D] },
    { name: 'treats the same sku in another size as another item', master: [A, B, { ...A, size: 'L' }], next: [A, B, { ...A, size: 'S' }], expected: [A, B, { ...A, size: 'L' }, { ...A, size: 'S' }] },
    { name: 'empties the cart when both sides removed everything', master: [], next: [], expected: [] },
  ]

  it.each(cases)('$name', ({ master, next, expected }) => {
    const base = deepFreeze(makeCart({ items: [A, B] }))
    const out = mergeItems(base, deepFreeze(makeCart({ items: master })), deepFreeze(makeCart({ items: next })))
    expect(out.items).toEqual(expected)
  })
})

describe('mergeItems without a common base', () => {
  it.each([
    { name: 'unites both lists with the tablet winning per item', master: [A, qty(B, 5)], next: [qty(B, 1), C], expected: [A, qty(B, 1), C] },
    { name: 'keeps every master item when the tablet has none', master: [A, B], next: [], expected: [A, B] },
  ])('$name', ({ master, next, expected }) => {
    const out = mergeItems(null, deepFreeze(makeCart({ items: master })), deepFreeze(makeCart({ items: next })))
    expect(out.items).toEqual(expected)
  })
})

describe('mergeItems on the cart itself', () => {
  it.each([
    { name: 'takes the master\'s updatedAt when it is later', m: T2, n: T1, out: T2 },
    { name: 'takes the tablet\'s updatedAt when it is later', m: T1, n: T2, out: T2 },
  ])('$name', ({ m, n, out }) => {
    const merged = mergeItems(makeCart(), makeCart({ updatedAt: m }), makeCart({ updatedAt: n, items: [A] }))
    expect(merged.updatedAt).toBe(out)
  })

  it('keeps the master\'s customer id, which never changes', () => {
    const merged = mergeItems(makeCart(), makeCart(), makeCart({ customerId: 'someone-else' }))
    expect(merged.customerId).toBe(makeCart().customerId)
  })

  it('stays deleted when the server deleted the cart', () => {
    const merged = mergeItems(makeCart(), makeCart({ _deleted: true }), makeCart({ items: [A, B, C] }))
    expect(merged._deleted).toBe(true)
  })

  it('shares no item objects with its inputs', () => {
    const master = makeCart()
    const merged = mergeItems(null, master, makeCart({ items: [] }))
    expect(merged.items[0]).toEqual(master.items[0])
    expect(merged.items[0]).not.toBe(master.items[0])
  })

  it('keys items by sku and size', () => {
    expect(itemKey({ sku: 'SKU-A', size: '' })).toBe('SKU-A|')
    expect(itemKey(makeItem({ sku: 'SKU-A', size: '38' }))).toBe('SKU-A|38')
  })
})
