/**
 * Which prices a store sale may carry, given that prices change while tablets sell offline.
 *
 * The catalogue holds only today's price. Each product.upserted that changes a price records
 * the price it replaced and the instant that price ended (`price_history`, written by
 * commerce/events.ts, kept 30 days). Sorted by that instant, the rows cut the product's past
 * into spans: a row's price ran from the previous row's end (or from always) to its own end,
 * and today's price runs from the last end on.
 *
 * A line's unit price is taken when it is today's price, or when it was in force at some
 * moment of the PRICE_GRACE_HOURS up to the sale: its span overlaps
 * [placedAt − grace, placedAt]. The grace is there for the tablet that put a piece in the
 * basket, or sold it offline, before it heard of the change: it sold in good faith at the
 * price it had. A price that had ended more than a day before the sale, or that began only
 * after it, is one the tablet could not honestly have had.
 *
 * Today's price is always taken, whatever the sale's time: selling at the current catalogue
 * price is never a lie about the price, and a tablet's clock a few minutes behind the
 * platform's would otherwise place a sale at the new price just before the change.
 */
import type { Sql } from '../storage/db'

export const PRICE_GRACE_HOURS = 24

/** A price that ended: `untilMs` is when the platform changed it. */
export interface EndedPrice { priceMinor: number, untilMs: number }

/** The ended prices of these SKUs, oldest first. */
export async function loadEndedPrices(sql: Sql, skus: string[]): Promise<Map<string, EndedPrice[]>> {
  const { rows } = await sql.query<{ sku: string, price_minor: string | number, until_ms: string | number }>(
    `SELECT sku, price_minor, (extract(epoch FROM valid_until) * 1000)::float8 AS until_ms
     FROM price_history WHERE sku IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY sku, valid_until`,
    [JSON.stringify(skus)],
  )
  const bySku = new Map<string, EndedPrice[]>()
  for (const r of rows)
    bySku.set(r.sku, [...bySku.get(r.sku) ?? [], { priceMinor: Number(r.price_minor), untilMs: Number(r.until_ms) }])
  return bySku
}

export function priceAllowed(price: number, currentMinor: number, ended: readonly EndedPrice[], placedAt: string): boolean {
  if (price === currentMinor)
    return true
  const soldMs = Date.parse(placedAt)
  const windowStartMs = soldMs - PRICE_GRACE_HOURS * 3_600_000
  let spanStartMs = Number.NEGATIVE_INFINITY
  for (const span of ended) {
    if (span.priceMinor === price && spanStartMs <= soldMs && span.untilMs > windowStartMs)
      return true
    spanStartMs = span.untilMs
  }
  return false
}
