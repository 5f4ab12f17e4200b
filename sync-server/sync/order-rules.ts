/**
 * What the server can know about a store sale and checks before it counts: the tablet says
 * what it sold, the server says whether that could be so. For each new store order:
 *
 * - every line's SKU is in the catalogue;
 * - the unit price is the catalogue's price at the time of the sale. A price changes on the
 *   platform while tablets sell offline, so a price the product had in the day before the
 *   sale (`price_history`, kept as product.upserted events change prices) is accepted too:
 *   a tablet that had not synced the new price yet sold at the old one, in good faith;
 * - a discount is approved by an active manager of the store (the tablet asks the manager's
 *   PIN; the server checks the name it was given is one) and has a reason;
 * - the VAT rate is the store's.
 *
 * Sums are checked apart (./consistency.ts). Orders already stored are not checked again: a
 * replay is a replay, and placed orders never change.
 */
import type { OrderDoc, ProductDoc, StoreDoc } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import type { ScopeFacts } from './ownership'
import { AppError } from '../../src/shared/errors'

/** How long after a price change the old price is still taken from an offline tablet. */
export const PRICE_GRACE_HOURS = 24

export async function checkOrderRules(w: Writer, facts: ScopeFacts, orders: AnyDoc[]): Promise<void> {
  if (!orders.length)
    return
  const store = (await w.load('stores', [facts.storeId])).get(facts.storeId) as StoreDoc | undefined
  const skus = [...new Set(orders.flatMap(o => (o as unknown as OrderDoc).lines.map(l => l.sku)))]
  const products = await w.load('products', skus)
  const { rows } = await w.query<{ sku: string, price_minor: number, until: Date }>(
    `SELECT sku, price_minor, valid_until AS until FROM price_history WHERE sku IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(skus)],
  )
  for (const doc of orders) {
    const order = doc as unknown as OrderDoc
    const refuse = (code: 'invalid-order', message: string) => new AppError(code, `Sale ${order.id}: ${message}`, { id: order.id })
    if (store && order.vatRateBp !== store.vatRateBp)
      throw refuse('invalid-order', `the VAT rate is ${order.vatRateBp / 100} % but the store's is ${store.vatRateBp / 100} %.`)
    for (const [i, line] of order.lines.entries()) {
      const product = products.get(line.sku) as ProductDoc | undefined
      if (!product || (product as { _deleted?: boolean })._deleted)
        throw refuse('invalid-order', `line ${i + 1} sells ${line.sku}, which is not in the catalogue.`)
      if (line.unitPriceMinor !== product.priceMinor && !recentPrice(rows, line.sku, line.unitPriceMinor, order.placedAt))
        throw refuse('invalid-order', `line ${i + 1} sells ${line.sku} at ${line.unitPriceMinor / 100} but the catalogue price is ${product.priceMinor / 100}.`)
      if (line.discountMinor > 0 && !facts.managers.has(String(line.discountApprovedBy)))
        throw refuse('invalid-order', `the discount on line ${i + 1} was not approved by an active manager of this store.`)
    }
  }
}

function recentPrice(history: { sku: string, price_minor: number, until: Date }[], sku: string, price: number, placedAt: string): boolean {
  const sold = Date.parse(placedAt)
  return history.some(h => h.sku === sku && Number(h.price_minor) === price
    && sold <= new Date(h.until).getTime() + PRICE_GRACE_HOURS * 3_600_000)
}
