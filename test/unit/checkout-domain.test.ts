import type { BasketLine } from '../../src/domain/checkout'
import { describe, expect, it } from 'vitest'
import { addToBasket, computeTotals, discountFor, isValidEmail, lineProblem, stockWarning, withQty } from '../../src/domain/checkout'
import { checkDerivedFields } from '../../sync-server/sync/consistency'
import { makeOrder } from '../fixtures/docs'

const line = (overrides: Partial<BasketLine> = {}): BasketLine => ({
  sku: 'SKU-A', name: 'Mocassino', size: '39', qty: 1, unitPriceMinor: 18_900,
  discountMinor: 0, discountReason: null, discountApprovedBy: null, ...overrides,
})

describe('basket totals', () => {
  it.each([
    { name: 'one line at 22 %', basket: [line()], rate: 2200, expected: { subtotalMinor: 18_900, discountMinor: 0, totalMinor: 18_900, vatMinor: 3408, netMinor: 15_492, units: 1 } },
    { name: 'two pieces and a discounted line', basket: [line({ qty: 2 }), line({ sku: 'SKU-B', unitPriceMinor: 5_000, discountMinor: 1_000, discountReason: 'damaged', discountApprovedBy: 'mgr' })], rate: 2200, expected: { subtotalMinor: 42_800, discountMinor: 1_000, totalMinor: 41_800, vatMinor: 7538, netMinor: 34_262, units: 3 } },
    { name: 'a 10 % rate', basket: [line({ unitPriceMinor: 1_100 })], rate: 1000, expected: { subtotalMinor: 1_100, discountMinor: 0, totalMinor: 1_100, vatMinor: 100, netMinor: 1_000, units: 1 } },
    { name: 'a fully discounted line', basket: [line({ discountMinor: 18_900, discountReason: 'staff', discountApprovedBy: 'mgr' })], rate: 2200, expected: { subtotalMinor: 18_900, discountMinor: 18_900, totalMinor: 0, vatMinor: 0, netMinor: 0, units: 1 } },
  ])('$name', ({ basket, rate, expected }) => {
    expect(computeTotals(basket, rate)).toMatchObject(expected)
  })

  it('produces an order the server\'s arithmetic check accepts', () => {
    const totals = computeTotals([line({ qty: 3 }), line({ sku: 'SKU-B', unitPriceMinor: 9_999, discountMinor: 1_234, discountReason: 'price_match', discountApprovedBy: 'mgr' })], 2200)
    const order = makeOrder({ ...totals })
    expect(checkDerivedFields('orders', order as unknown as Parameters<typeof checkDerivedFields>[1])).toBeNull()
  })

  it('keeps no discount reason or approver on lines without a discount', () => {
    const [l] = computeTotals([line({ discountReason: 'damaged', discountApprovedBy: 'mgr' })], 2200).lines
    expect(l).toMatchObject({ discountReason: null, discountApprovedBy: null })
  })
})

describe('line discounts', () => {
  it.each([
    ['an amount', { kind: 'amount', minor: 2_000 } as const, { minor: 2_000 }],
    ['a percent, rounded to the cent', { kind: 'percent', percent: 15 } as const, { minor: 2_835 }],
    ['more than the line', { kind: 'amount', minor: 19_000 } as const, { problem: 'exceeds-line' }],
    ['zero', { kind: 'percent', percent: 0 } as const, { problem: 'not-positive' }],
    ['negative', { kind: 'amount', minor: -5 } as const, { problem: 'not-positive' }],
  ])('%s', (_name, input, expected) => {
    expect(discountFor(line(), input)).toEqual(expected)
  })

  it('needs a reason and a manager\'s approval', () => {
    expect(lineProblem(line({ discountMinor: 100 }))).toBe('no-reason')
    expect(lineProblem(line({ discountMinor: 100, discountReason: 'damaged' }))).toBe('not-approved')
    expect(lineProblem(line({ discountMinor: 100, discountReason: 'damaged', discountApprovedBy: 'mgr' }))).toBeNull()
    expect(lineProblem(line())).toBeNull()
  })

  it('drops a discount that no longer fits when the quantity goes down', () => {
    const discounted = line({ qty: 2, discountMinor: 30_000, discountReason: 'damaged', discountApprovedBy: 'mgr' })
    expect(withQty(discounted, 1)).toMatchObject({ qty: 1, discountMinor: 0, discountReason: null })
    expect(withQty(discounted, 3)).toMatchObject({ qty: 3, discountMinor: 30_000 })
    expect(withQty(line(), 0).qty).toBe(1)
  })
})

describe('building the basket', () => {
  it('adds a second scan of the same item as another piece, a new size as a new line', () => {
    const item = { sku: 'SKU-A', name: 'Mocassino', size: '39', unitPriceMinor: 18_900 }
    let basket = addToBasket([], item)
    basket = addToBasket(basket, item)
    basket = addToBasket(basket, { ...item, size: '40' })
    expect(basket.map(l => [l.size, l.qty])).toEqual([['39', 2], ['40', 1]])
  })

  it.each([
    ['maria.rossi@example.com', true],
    ['maria@example', false],
    ['maria rossi@example.com', false],
    ['', false],
  ])('checks the receipt address %s', (email, ok) => {
    expect(isValidEmail(email)).toBe(ok)
  })
})

describe('stock warnings at the checkout', () => {
  it('warns when the store shows fewer pieces than the basket, and says whether the web warehouse has some', () => {
    expect(stockWarning(1, { store: 0, online: 3 })).toBe('short-here')
    expect(stockWarning(2, { store: 1, online: 0 })).toBe('none')
    expect(stockWarning(1, { store: 0, online: null })).toBe('none')
  })

  it('says nothing when the store has enough, or keeps no count for the item', () => {
    expect(stockWarning(2, { store: 2, online: 0 })).toBeNull()
    expect(stockWarning(1, { store: null, online: 0 })).toBeNull()
    expect(stockWarning(1, undefined)).toBeNull()
  })
})
