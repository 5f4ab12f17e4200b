import type { BasketLine } from '../../src/domain/checkout'
import { describe, expect, it } from 'vitest'
import { addToBasket, computeTotals, discountFor, isValidEmail, lineProblem, parseAmount, paymentParts, qtyBySku, splitProblem, splitRemaining, stockWarning, withQty } from '../../src/domain/checkout'
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
    expect(stockWarning(2, { store: 1, online: 0 })).toBe('short-here')
    expect(stockWarning(1, { store: 0, online: null })).toBe('none')
    expect(stockWarning(1, { store: 0, online: 0 })).toBe('none')
  })

  it('counts two sizes of one SKU together, as the stock is counted', () => {
    const basket = [line({ size: '38' }), line({ size: '39' }), line({ sku: 'SKU-B', qty: 3 })]
    expect(qtyBySku(basket)).toEqual({ 'SKU-A': 2, 'SKU-B': 3 })
    expect(stockWarning(qtyBySku(basket)['SKU-A']!, { store: 1, online: 0 })).toBe('short-here')
  })

  it('says nothing when the store has enough, or keeps no count for the item', () => {
    expect(stockWarning(2, { store: 2, online: 0 })).toBeNull()
    expect(stockWarning(1, { store: null, online: 0 })).toBeNull()
    expect(stockWarning(1, undefined)).toBeNull()
  })
})

describe('a mixed payment', () => {
  const TOTAL = 41_400
  const check = (order: ReturnType<typeof makeOrder>) => checkDerivedFields('orders', order as unknown as Parameters<typeof checkDerivedFields>[1])
  const mixed = (payments: { method: 'card' | 'cash' | 'gift_card', amountMinor: number }[], overrides: Parameters<typeof makeOrder>[0] = {}) => {
    const totals = computeTotals([line({ unitPriceMinor: TOTAL })], 2200)
    return makeOrder({ ...totals, paymentMethod: 'mixed', payments, ...overrides })
  }

  it.each([
    ['card and cash adding up', [{ method: 'card', amountMinor: 30_000 }, { method: 'cash', amountMinor: 11_400 }], null],
    ['one way of paying only', [{ method: 'card', amountMinor: TOTAL }], 'split-one-way'],
    ['the same way twice', [{ method: 'cash', amountMinor: 20_000 }, { method: 'cash', amountMinor: 21_400 }], 'split-one-way'],
    ['a part of zero', [{ method: 'card', amountMinor: TOTAL }, { method: 'cash', amountMinor: 0 }], 'split-one-way'],
    ['less than the total', [{ method: 'card', amountMinor: 30_000 }, { method: 'gift_card', amountMinor: 5_000 }], 'split-short'],
    ['more than the total', [{ method: 'card', amountMinor: 30_000 }, { method: 'gift_card', amountMinor: 15_000 }], 'split-over'],
  ] as const)('%s: %s', (_name, parts, expected) => {
    expect(splitProblem(parts, TOTAL)).toBe(expected)
    // The server reads the same rule: what the tablet accepts it accepts, and nothing else.
    expect(check(mixed([...parts])) === null).toBe(expected === null)
  })

  it('keeps only the ways of paying given an amount, in a fixed order, and says what is left', () => {
    const split = { gift_card: 5_000, card: 30_000, cash: 0 }
    expect(paymentParts(split)).toEqual([{ method: 'card', amountMinor: 30_000 }, { method: 'gift_card', amountMinor: 5_000 }])
    expect(splitRemaining(split, TOTAL)).toBe(6_400)
  })

  it('is refused by the server on a sale that was not mixed, and accepted without a split from a tablet that had none', () => {
    expect(check(mixed([{ method: 'card', amountMinor: 30_000 }, { method: 'cash', amountMinor: 11_400 }], { paymentMethod: 'card' }))).toMatch(/mixed payment only/)
    const older = mixed([])
    delete older.payments
    expect(check(older)).toBeNull()
  })

  it.each([
    ['120', 12_000], ['120,50', 12_050], ['120.5', 12_050], ['1.200,50', 120_050], ['1,200.50', 120_050], ['1.200', 120_000], ['€ 80', 8_000], [' 7,05 ', 705],
    ['', null], ['-5', null], ['12,345,6x', null], ['abc', null], ['1e3', null],
  ] as const)('reads the amount "%s" as %s cents', (text, expected) => {
    expect(parseAmount(text)).toBe(expected)
  })
})
