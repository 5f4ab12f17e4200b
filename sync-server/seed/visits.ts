/**
 * Demo floor activity for the manager's dashboard: every store sale of the last 60 days
 * becomes the visit it ended (tried on, bought), and about half the sale customers also had
 * an earlier visit without a purchase (a recommendation, sometimes a follow-up). Derived
 * from the orders alone, so the seed stays deterministic and a second run adds nothing.
 */
import type { CustomerDoc, InteractionDoc, OrderDoc, VisitDoc } from '../../src/shared/types'
import { ASSOCIATES_BY_STORE } from './associates'
import { DAY, isoAt } from './random'

const WINDOW_DAYS = 60
const MINUTE = 60_000

/** A small stable number from an id, for the choices a seed makes without its generator. */
function hashOf(id: string): number {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return h >>> 0
}

/**
 * Follow-ups still to do, for the Today list: one customer in twelve of each store had a
 * visit in the last week that ended with a promise to call back, due from three days ago to
 * five days ahead, noted by the associate who looks after them (or one of the store's).
 */
export function demoOpenFollowUps(customers: readonly CustomerDoc[], nowMs: number): { visits: VisitDoc[], interactions: InteractionDoc[] } {
  const visits: VisitDoc[] = []
  const interactions: InteractionDoc[] = []
  for (const c of customers) {
    const h = hashOf(`follow-up:${c.id}`)
    const staff = c.homeStoreId ? ASSOCIATES_BY_STORE.get(c.homeStoreId) ?? [] : []
    if (!c.homeStoreId || !staff.length || h % 12 !== 2)
      continue
    const associateId = c.advisors?.find(a => a.storeId === c.homeStoreId)?.associateId ?? staff[(h >>> 8) % staff.length]!
    const at = nowMs - (1 + h % 6) * DAY + 11 * 60 * MINUTE
    const id = `vf-${c.id}`.slice(0, 64)
    const base = { storeId: c.homeStoreId, associateId, customerId: c.id }
    visits.push({ id, updatedAt: isoAt(at + 25 * MINUTE), ...base, startedAt: isoAt(at), endedAt: isoAt(at + 25 * MINUTE), outcome: 'follow_up', orderId: null })
    interactions.push({ id: `${id}-i0`, updatedAt: isoAt(at + 20 * MINUTE), visitId: id, ...base, type: 'follow_up', sku: null, size: null, text: FOLLOW_UP_TEXTS[h % FOLLOW_UP_TEXTS.length]!, dueAt: isoAt(nowMs + ((h >>> 4) % 9 - 3) * DAY + 10 * 60 * MINUTE), at: isoAt(at + 20 * MINUTE) })
  }
  return { visits, interactions }
}

const FOLLOW_UP_TEXTS = [
  'Richiamare quando arriva la taglia 40 del cappotto',
  'Proporre la nuova collezione di borse',
  'Avvisare per l’orlo dei pantaloni pronto',
  'Chiedere com’è andata la cerimonia e proporre gli accessori',
]

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
