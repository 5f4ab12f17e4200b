/**
 * The assisted sale's arithmetic, exactly as the server checks it
 * (sync-server/sync/consistency.ts): prices include VAT; a line's total is
 * qty × unit price − discount; subtotal, discount and total add up from the lines; the VAT
 * is the part of the total included at the store's rate, round(total × rate / (1 + rate)).
 * Money is integer minor units (cents) throughout.
 *
 * A discount needs one of the reasons management approved, and a manager's PIN on the
 * tablet; the approving manager is recorded on the line.
 */
import type { DiscountReason, OrderLine, PaymentMethod, PaymentPart, SplitPaymentMethod } from '../shared/types'

export type { SplitPaymentMethod } from '../shared/types'
import { isEmailAddress } from '../shared/email'

/** What the associate records; the app takes no payment itself. */
export const STORE_PAYMENT_METHODS = ['card', 'cash', 'gift_card', 'mixed'] as const satisfies readonly PaymentMethod[]
export type StorePaymentMethod = typeof STORE_PAYMENT_METHODS[number]

/**
 * A mixed payment says how much went on each way the customer paid: at least two of them,
 * each a positive amount, adding up to the total exactly (the server checks the same:
 * sync-server/sync/consistency.ts). Amounts are what the associate typed, in minor units.
 */
export const SPLIT_METHODS = ['card', 'cash', 'gift_card'] as const satisfies readonly SplitPaymentMethod[]
export type PaymentSplit = Partial<Record<SplitPaymentMethod, number>>
export type SplitProblem = 'split-one-way' | 'split-short' | 'split-over'

export function paymentParts(split: PaymentSplit): PaymentPart[] {
  return SPLIT_METHODS.flatMap(method => (split[method] ?? 0) > 0 ? [{ method, amountMinor: split[method]! }] : [])
}

/** What is left to assign: positive still to cover, negative over the total. */
export function splitRemaining(split: PaymentSplit, totalMinor: number): number {
  return totalMinor - paymentParts(split).reduce((sum, p) => sum + p.amountMinor, 0)
}

export function splitProblem(parts: readonly PaymentPart[], totalMinor: number): SplitProblem | null {
  if (parts.length < 2 || parts.some(p => p.amountMinor <= 0) || new Set(parts.map(p => p.method)).size !== parts.length)
    return 'split-one-way'
  const sum = parts.reduce((s, p) => s + p.amountMinor, 0)
  return sum < totalMinor ? 'split-short' : sum > totalMinor ? 'split-over' : null
}

/**
 * An amount as an associate types it, in minor units: "120", "120,50", "1.200,50",
 * "1,200.50", "€ 80". The last separator followed by one or two digits is the decimal one.
 * null for anything else, or a negative amount.
 */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s€$£]/g, '')
  if (!/^\d[\d.,]*$/.test(cleaned))
    return null
  const decimal = /[.,](\d{1,2})$/.exec(cleaned)
  const whole = (decimal ? cleaned.slice(0, decimal.index) : cleaned).replace(/[.,]/g, '')
  if (!/^\d+$/.test(whole) || whole.length > 9)
    return null
  const cents = decimal ? Number(decimal[1]!.padEnd(2, '0')) : 0
  return Number(whole) * 100 + cents
}

export interface BasketLine {
  sku: string
  name: string
  /** '' for one-size products */
  size: string
  qty: number
  unitPriceMinor: number
  discountMinor: number
  discountReason: DiscountReason | null
  discountApprovedBy: string | null
}

export interface BasketTotals {
  lines: OrderLine[]
  subtotalMinor: number
  discountMinor: number
  totalMinor: number
  vatRateBp: number
  vatMinor: number
  /** the total without VAT */
  netMinor: number
  units: number
}

export const MAX_QTY = 999

export function lineGross(line: Pick<BasketLine, 'qty' | 'unitPriceMinor'>): number {
  return line.qty * line.unitPriceMinor
}

export function vatIncluded(totalMinor: number, vatRateBp: number): number {
  return Math.round(totalMinor * vatRateBp / (10_000 + vatRateBp))
}

export function computeTotals(basket: readonly BasketLine[], vatRateBp: number): BasketTotals {
  const lines: OrderLine[] = basket.map(l => ({
    sku: l.sku,
    name: l.name,
    size: l.size,
    qty: l.qty,
    unitPriceMinor: l.unitPriceMinor,
    discountMinor: l.discountMinor,
    discountReason: l.discountMinor > 0 ? l.discountReason : null,
    discountApprovedBy: l.discountMinor > 0 ? l.discountApprovedBy : null,
    totalMinor: lineGross(l) - l.discountMinor,
  }))
  const subtotalMinor = lines.reduce((n, l) => n + l.qty * l.unitPriceMinor, 0)
  const discountMinor = lines.reduce((n, l) => n + l.discountMinor, 0)
  const totalMinor = subtotalMinor - discountMinor
  const vatMinor = vatIncluded(totalMinor, vatRateBp)
  return { lines, subtotalMinor, discountMinor, totalMinor, vatRateBp, vatMinor, netMinor: totalMinor - vatMinor, units: lines.reduce((n, l) => n + l.qty, 0) }
}

export type DiscountInput = { kind: 'amount', minor: number } | { kind: 'percent', percent: number }

export type DiscountProblem = 'not-positive' | 'exceeds-line' | 'no-reason' | 'not-approved'

/** The discount in minor units for a line, or the problem with it. A percent rounds to the cent. */
export function discountFor(line: Pick<BasketLine, 'qty' | 'unitPriceMinor'>, input: DiscountInput): { minor: number } | { problem: DiscountProblem } {
  const gross = lineGross(line)
  const minor = input.kind === 'amount' ? Math.round(input.minor) : Math.round(gross * input.percent / 100)
  if (!Number.isFinite(minor) || minor <= 0)
    return { problem: 'not-positive' }
  if (minor > gross)
    return { problem: 'exceeds-line' }
  return { minor }
}

/** A line's discount is complete when it has a reason and a manager's approval. */
export function lineProblem(line: BasketLine): DiscountProblem | null {
  if (line.discountMinor <= 0)
    return null
  if (line.discountMinor > lineGross(line))
    return 'exceeds-line'
  if (!line.discountReason)
    return 'no-reason'
  if (!line.discountApprovedBy)
    return 'not-approved'
  return null
}

/** Quantity changes keep a discount only while it still fits the line. */
export function withQty(line: BasketLine, qty: number): BasketLine {
  const next = { ...line, qty: Math.max(1, Math.min(MAX_QTY, Math.round(qty))) }
  return next.discountMinor > lineGross(next) ? { ...next, discountMinor: 0, discountReason: null, discountApprovedBy: null } : next
}

function sameItem(a: Pick<BasketLine, 'sku' | 'size'>, b: Pick<BasketLine, 'sku' | 'size'>): boolean {
  return a.sku === b.sku && a.size === b.size
}

/** Adds one piece: a second scan of the same item raises its quantity. */
export function addToBasket(basket: readonly BasketLine[], item: Omit<BasketLine, 'qty' | 'discountMinor' | 'discountReason' | 'discountApprovedBy'>): BasketLine[] {
  const found = basket.find(l => sameItem(l, item))
  if (found)
    return basket.map(l => (l === found ? withQty(l, l.qty + 1) : l))
  return [...basket, { ...item, qty: 1, discountMinor: 0, discountReason: null, discountApprovedBy: null }]
}

/** The receipt's address: exactly one, as the server checks it too. */
export function isValidEmail(value: string): boolean {
  return value.length <= 200 && isEmailAddress(value)
}

/** Pieces on hand as the tablet last synced them; null where the store keeps no count for the SKU. */
export interface LineStock { store: number | null, online: number | null }

/**
 * Whether to warn about selling a SKU: the tablet's stock says the store has fewer pieces
 * than the basket holds of it, all sizes together (stock is counted per SKU) — 'short-here'
 * while the store or the web warehouse still has some, 'none' when neither has any. Only a
 * warning: stock data lags behind the shelf, so the associate may still sell. No count at
 * all says nothing.
 */
export function stockWarning(qtyOfSku: number, stock: LineStock | undefined): 'short-here' | 'none' | null {
  if (!stock || stock.store === null || stock.store >= qtyOfSku)
    return null
  return stock.store > 0 || (stock.online ?? 0) > 0 ? 'short-here' : 'none'
}

/** Pieces of each SKU in the basket, all sizes together. */
export function qtyBySku(basket: readonly Pick<BasketLine, 'sku' | 'qty'>[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const line of basket) out[line.sku] = (out[line.sku] ?? 0) + line.qty
  return out
}
