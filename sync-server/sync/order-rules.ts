/**
 * What the server can know about a store sale, checked before the sale counts: the tablet
 * says what it sold, the server says whether that could be so. For each new store order:
 *
 * - it is in the store's currency, at the store's VAT rate (the tablet takes both from its
 *   copy of the store: src/db/orders.ts);
 * - every line's SKU is in the catalogue;
 * - every unit price is the catalogue's, allowing for a price change a tablet had not heard
 *   of yet (./price-window.ts);
 * - a discount, of any size, gives one of management's reasons and names an active manager
 *   of the store as its approver: the app lets no associate discount alone, it asks a
 *   manager's PIN (src/domain/checkout.ts `lineProblem`); the server can't see the PIN, but
 *   it can check the name it was given.
 *
 * Sums, and the VAT included in the total, are checked apart (./consistency.ts). Orders
 * already stored are not checked again: a replay is a replay, and a placed order never
 * changes. Web and app orders come from the platform (commerce/events.ts) with its own
 * prices and promotions, and never pass here.
 *
 * A refusal names the rule and the line in a sentence the associate reads in the tablet's
 * list of refused changes; the order's id travels in `details`.
 */
import type { OrderDoc, OrderLine, ProductDoc, StoreDoc } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import type { ScopeFacts } from './ownership'
import type { EndedPrice } from './price-window'
import { DISCOUNT_REASONS } from '../../src/shared/types'
import { AppError } from '../../src/shared/errors'
import { loadEndedPrices, PRICE_GRACE_HOURS, priceAllowed } from './price-window'

export interface OrderRuleFacts {
  /** the device's store; undefined when the server has no document for it */
  store: StoreDoc | undefined
  products: ReadonlyMap<string, ProductDoc>
  endedPrices: ReadonlyMap<string, readonly EndedPrice[]>
  /** active managers of the store */
  managers: ReadonlySet<string>
}

/** Refuses the push (throws) at the first new sale that breaks a rule. */
export async function checkOrderRules(w: Writer, scope: Pick<ScopeFacts, 'storeId' | 'managers'>, docs: AnyDoc[]): Promise<void> {
  if (!docs.length)
    return
  const orders = docs as unknown as OrderDoc[]
  const skus = [...new Set(orders.flatMap(o => o.lines.map(l => l.sku)))]
  const products = new Map([...await w.load('products', skus)].filter(([, p]) => p._deleted !== true)) as unknown as Map<string, ProductDoc>
  // Earlier prices matter only where a line is not at today's catalogue price: usually none.
  const offPrice = [...new Set(orders.flatMap(o => o.lines.filter(l => products.get(l.sku)?.priceMinor !== l.unitPriceMinor).map(l => l.sku)))]
  const facts: OrderRuleFacts = {
    store: (await w.load('stores', [scope.storeId])).get(scope.storeId) as unknown as StoreDoc | undefined,
    products,
    endedPrices: offPrice.length ? await loadEndedPrices(w, offPrice) : new Map(),
    managers: scope.managers,
  }
  for (const order of orders) {
    const breach = orderBreach(order, facts)
    if (breach)
      throw breach
  }
}

/** The first rule the sale breaks, as the error to answer with; null when it breaks none. */
export function orderBreach(order: OrderDoc, facts: OrderRuleFacts): AppError | null {
  const { store } = facts
  const refuse = (code: OrderRuleCode, message: string, line?: { index: number, sku: string }) =>
    new AppError(code, message, { id: order.id, ...(line ? { line: line.index + 1, sku: line.sku } : {}) })
  if (!store)
    return refuse('unknown-store', `The server has no record of store ${order.storeId}, so it cannot check the sale.`)
  if (order.currency !== store.currency)
    return refuse('wrong-currency', `The sale is in ${order.currency}, but the store sells in ${store.currency}.`)
  if (order.vatRateBp !== store.vatRateBp)
    return refuse('wrong-vat-rate', `The sale's VAT rate is ${percent(order.vatRateBp)}, but the store's is ${percent(store.vatRateBp)}.`)
  const money = (minor: number) => formatMoney(minor, store.currency)
  for (const [index, line] of order.lines.entries()) {
    const at = { index, sku: line.sku }
    const product = facts.products.get(line.sku)
    if (!product)
      return refuse('unknown-sku', `Line ${index + 1} (${line.sku}) is not a product of the catalogue.`, at)
    const which = `line ${index + 1} (${product.name}, ${line.sku})`
    if (!priceAllowed(line.unitPriceMinor, product.priceMinor, facts.endedPrices.get(line.sku) ?? [], order.placedAt))
      return refuse('wrong-price', `The price on ${which} is ${money(line.unitPriceMinor)}, but the catalogue price is ${money(product.priceMinor)}, and no other price was in force in the ${PRICE_GRACE_HOURS} hours before the sale.`, at)
    const discountProblem = discountBreach(line, facts.managers)
    if (discountProblem)
      return refuse(discountProblem.code, `The discount of ${money(line.discountMinor)} on ${which} ${discountProblem.why}.`, at)
  }
  return null
}

type OrderRuleCode = 'unknown-store' | 'wrong-currency' | 'wrong-vat-rate' | 'unknown-sku' | 'wrong-price' | 'unknown-discount-reason' | 'discount-not-approved'

function discountBreach(line: OrderLine, managers: ReadonlySet<string>): { code: OrderRuleCode, why: string } | null {
  if (line.discountMinor <= 0)
    return null
  if (!(DISCOUNT_REASONS as readonly (string | null)[]).includes(line.discountReason))
    return { code: 'unknown-discount-reason', why: `gives the reason "${line.discountReason}", which is not one of management's (${DISCOUNT_REASONS.join(', ')})` }
  const approver = line.discountApprovedBy
  if (!approver)
    return { code: 'discount-not-approved', why: 'has no manager\'s approval' }
  if (!managers.has(approver))
    return { code: 'discount-not-approved', why: `was approved by ${approver}, who is not an active manager of this store` }
  return null
}

const percent = (bp: number) => `${bp / 100} %`

function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100)
  }
  catch {
    return `${(minor / 100).toFixed(2)} ${currency}`
  }
}
