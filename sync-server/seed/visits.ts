/**
 * Demo floor activity for the manager's dashboard: every store sale of the last 60 days
 * becomes the visit it ended (tried on, bought), and about half the sale customers also had
 * an earlier visit without a purchase (a recommendation, sometimes a follow-up). Derived
 * from the orders alone, so the seed stays deterministic and a second run adds nothing.
 */
import type { InteractionDoc, OrderDoc, VisitDoc } from '../../src/shared/types'
import { DAY, isoAt } from './random'

const WINDOW_DAYS = 60
const MINUTE = 60_000

/** A small stable number from an id, for the choices a seed makes without its generator. */
function hashOf(id: string): number {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return h >>> 0
}

export function demoActivity(orders: readonly OrderDoc[], nowMs: number): { visits: VisitDoc[], interactions: InteractionDoc[] } {
  const visits: VisitDoc[] = []
  const interactions: InteractionDoc[] = []
  for (const order of orders) {
    const placed = Date.parse(order.placedAt)
    if (order.channel !== 'store' || !order.storeId || !order.associateId || placed < nowMs - WINDOW_DAYS * DAY)
      continue
    const base = { storeId: order.storeId, associateId: order.associateId, customerId: order.customerId }
    const act = (visitId: string, n: number, at: number, fields: Pick<InteractionDoc, 'type'> & Partial<InteractionDoc>): InteractionDoc =>
      ({ id: `${visitId}-i${n}`, updatedAt: isoAt(at), visitId, ...base, sku: null, size: null, text: null, dueAt: null, at: isoAt(at), ...fields })
    const id = `v-${order.id}`.slice(0, 64)
    const started = placed - (15 + hashOf(order.id) % 30) * MINUTE
    visits.push({ id, updatedAt: order.placedAt, ...base, startedAt: isoAt(started), endedAt: order.placedAt, outcome: 'purchase', orderId: order.id })
    order.lines.forEach((line, n) => interactions.push(act(id, n * 2, started + (n + 1) * 3 * MINUTE, { type: 'tried_on', sku: line.sku, size: line.size || null })))
    order.lines.forEach((line, n) => interactions.push(act(id, n * 2 + 1, placed - MINUTE, { type: 'purchase', sku: line.sku, size: line.size || null })))
    if (hashOf(order.id) % 2 === 0 && order.lines[0]) {
      const earlier = `v0-${order.id}`.slice(0, 64)
      const at = started - (3 + hashOf(earlier) % 10) * DAY
      const followUp = hashOf(earlier) % 3 === 0
      visits.push({ id: earlier, updatedAt: isoAt(at + 20 * MINUTE), ...base, startedAt: isoAt(at), endedAt: isoAt(at + 20 * MINUTE), outcome: followUp ? 'follow_up' : 'no_purchase', orderId: null })
      interactions.push(act(earlier, 0, at + 5 * MINUTE, { type: 'recommended', sku: order.lines[0].sku }))
      if (followUp)
        interactions.push(act(earlier, 1, at + 15 * MINUTE, { type: 'follow_up', text: 'Avvisare quando arriva la taglia', dueAt: isoAt(at + 7 * DAY) }))
    }
  }
  return { visits, interactions }
}
