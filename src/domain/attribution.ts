/**
 * Which touch a sale is credited to, counted once. A touch is
 * - a store visit's recommendation, try-on or cart/wishlist addition of a product, which can
 *   influence a web or app order of it within INFLUENCE_WINDOW_DAYS (14), and
 * - a message sent to the customer with the product in it (an e-mail sent, a text logged),
 *   which can influence an order of it in any channel — a store sale too — within the store's
 *   attribution window (default 14 days, as the market leader counts).
 * An order line with several candidate touches goes to the latest one before it (last touch):
 * the step closest to the purchase is the one that decided it. So a line is either a visit's
 * influenced sale or an outreach's, never both, and a store sale is never its own visit's.
 */
import type { InteractionDoc, OrderDoc, OutreachDoc } from '../shared/types'

export const INFLUENCE_WINDOW_DAYS = 14
const INFLUENCING = new Set(['recommended', 'tried_on', 'added_to_cart', 'added_to_wishlist'])
const DAY_MS = 86_400_000

export interface Credit { via: 'visit' | 'outreach', associateId: string, storeId: string, orderId: string, sku: string, amountMinor: number }

interface Touch { via: Credit['via'], at: string, id: string, associateId: string, storeId: string, customerId: string, sku: string, windowMs: number, anyChannel: boolean }

export function attributeSales(input: { interactions: readonly InteractionDoc[], outreach?: readonly OutreachDoc[], orders: readonly OrderDoc[], period: { from: string, to: string }, attributionDays?: number }): Credit[] {
  const touches: Touch[] = [
    ...input.interactions.filter(i => INFLUENCING.has(i.type) && i.sku && i.customerId)
      .map(i => ({ via: 'visit' as const, at: i.at, id: i.id, associateId: i.associateId, storeId: i.storeId, customerId: i.customerId!, sku: i.sku!, windowMs: INFLUENCE_WINDOW_DAYS * DAY_MS, anyChannel: false })),
    ...(input.outreach ?? []).filter(m => m.status === 'sent' || m.status === 'logged')
      .flatMap(m => m.products.map(sku => ({ via: 'outreach' as const, at: m.at, id: m.id, associateId: m.associateId, storeId: m.storeId, customerId: m.customerId, sku, windowMs: (input.attributionDays ?? INFLUENCE_WINDOW_DAYS) * DAY_MS, anyChannel: true }))),
  ]
  const byCustomer = new Map<string, Touch[]>()
  for (const t of touches)
    byCustomer.set(t.customerId, [...(byCustomer.get(t.customerId) ?? []), t])
  const credits: Credit[] = []
  for (const order of input.orders) {
    if (!order.customerId || order.placedAt < input.period.from || order.placedAt >= input.period.to)
      continue
    const placed = Date.parse(order.placedAt)
    const candidates = byCustomer.get(order.customerId) ?? []
    for (const line of order.lines) {
      const touch = candidates
        .filter(t => t.sku === line.sku && (t.anyChannel || order.channel !== 'store') && Date.parse(t.at) <= placed && placed - Date.parse(t.at) <= t.windowMs)
        .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))[0]
      if (touch)
        credits.push({ via: touch.via, associateId: touch.associateId, storeId: touch.storeId, orderId: order.id, sku: line.sku, amountMinor: line.totalMinor })
    }
  }
  return credits
}
