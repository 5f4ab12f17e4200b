/**
 * Store KPIs, with their definitions next to them (the manager's dashboard shows these
 * sentences). Pure functions over visits, interactions and orders, so the tablet computes them
 * offline from its own data, and the server's SQL report (issue 7) must return the same
 * numbers for the same data.
 *
 * A visit, an order or an interaction belongs to the period when it started / was placed /
 * happened at or after `from` and before `to` (half-open, ISO instants).
 */
import type { Credit } from './attribution'
import type { InteractionDoc, OrderDoc, OutreachDoc, TaskDoc, VisitDoc } from '../shared/types'
import type { Kpis, Period } from '../shared/endpoints'
import { attributeSales } from './attribution'

export { INFLUENCE_WINDOW_DAYS } from './attribution'

const CLIENTELING_ACTIONS = new Set(['note', 'recommended', 'added_to_cart', 'added_to_wishlist'])

export interface KpiInput {
  /**
   * The store reported on: only its visits, orders and actions count. A customer coming back
   * to any store closes a follow-up, and an influenced web sale is credited to the last
   * store touch wherever it was, so the documents of other stores stay in the input.
   */
  storeId?: string
  visits: readonly VisitDoc[]
  interactions: readonly InteractionDoc[]
  orders: readonly OrderDoc[]
  period: Period
  /** "now" for due and overdue follow-ups */
  asOf: string
  /** messages to customers: a sale they influenced last is theirs, not a visit's */
  outreach?: readonly OutreachDoc[]
  /** the store's Today decisions: a follow-up whose task was marked done is no longer open */
  tasks?: readonly TaskDoc[]
  attributionDays?: number
}

const inPeriod = (at: string, p: Period) => at >= p.from && at < p.to
const ofStore = (input: Pick<KpiInput, 'storeId'>) => (d: { storeId: string | null }) => !input.storeId || d.storeId === input.storeId
const ratio = (a: number, b: number) => (b === 0 ? null : a / b)

/**
 * A follow-up is done once its customer came back: a later visit or order of theirs, other
 * than the visit that set it and that visit's own sale (a follow-up noted during a visit that
 * ends in a sale is still to do). Without a customer (a walk-in) it stays open until its due
 * date passes. sync-server/reports/kpis.ts is the same rule in SQL.
 */
export function customerCameBack(f: InteractionDoc, visits: readonly VisitDoc[], orders: readonly OrderDoc[]): boolean {
  if (!f.customerId)
    return false
  return visits.some(v => v.customerId === f.customerId && v.id !== f.visitId && v.startedAt > f.at)
    || orders.some(o => o.customerId === f.customerId && (o.visitId === null || o.visitId !== f.visitId) && o.placedAt > f.at)
}

/**
 * Open: due, the customer not back since, and its Today task not marked done (the associate
 * kept the promise). The task's id is its key, storeId|follow-up|customerId|follow-up id
 * (src/domain/today.ts).
 */
function openFollowUps(input: KpiInput): InteractionDoc[] {
  const done = new Set((input.tasks ?? []).filter(t => t.state === 'done').map(t => t.id))
  return input.interactions.filter(ofStore(input)).filter(f => f.type === 'follow_up' && !!f.dueAt && !customerCameBack(f, input.visits, input.orders)
    && !done.has(`${f.storeId}|follow-up|${f.customerId}|${f.id}`))
}

/** Web and app order lines credited to a store visit's touch (src/domain/attribution.ts: a later outreach takes the line instead). */
export function influencedSales(input: Pick<KpiInput, 'interactions' | 'orders' | 'period' | 'storeId' | 'outreach' | 'attributionDays'>): Credit[] {
  return attributeSales(input).filter(c => c.via === 'visit' && ofStore(input)(c))
}

export function computeKpis(input: KpiInput): Kpis {
  const { period, asOf } = input
  const own = ofStore(input)
  const visits = input.visits.filter(v => own(v) && inPeriod(v.startedAt, period))
  const storeOrders = input.orders.filter(o => o.channel === 'store' && own(o) && inPeriod(o.placedAt, period))
  const open = openFollowUps(input)
  return {
    visits: visits.length,
    identifiedShare: ratio(visits.filter(v => v.customerId !== null).length, visits.length),
    conversion: ratio(visits.filter(v => v.outcome === 'purchase' || v.orderId !== null).length, visits.length),
    averageBasketMinor: storeOrders.length ? Math.round(storeOrders.reduce((n, o) => n + o.totalMinor, 0) / storeOrders.length) : null,
    unitsPerTransaction: ratio(storeOrders.reduce((n, o) => n + o.lines.reduce((m, l) => m + l.qty, 0), 0), storeOrders.length),
    clientelingActions: input.interactions.filter(i => own(i) && CLIENTELING_ACTIONS.has(i.type) && inPeriod(i.at, period)).length,
    followUpsDue: open.filter(f => f.dueAt! >= asOf && f.dueAt! < period.to).length,
    followUpsOverdue: open.filter(f => f.dueAt! < asOf).length,
    influencedSalesMinor: influencedSales(input).reduce((n, s) => n + s.amountMinor, 0),
  }
}

/** The same KPIs for each associate: their visits, their orders, their actions, their credit. */
export function kpisByAssociate(input: KpiInput): Record<string, Kpis> {
  const own = ofStore(input)
  const ids = new Set([
    ...input.visits.filter(own).map(v => v.associateId),
    ...input.interactions.filter(own).map(i => i.associateId),
    ...input.orders.filter(own).flatMap(o => (o.associateId ? [o.associateId] : [])),
  ])
  const credit = influencedSales(input)
  return Object.fromEntries([...ids].sort().map((id) => {
    const mine = computeKpis({
      ...input,
      visits: input.visits.filter(v => v.associateId === id),
      orders: input.orders.filter(o => o.channel === 'store' && o.associateId === id),
      interactions: input.interactions.filter(i => i.associateId === id),
    })
    // Influence is credited by touch, whoever's orders they are: web orders have no associate.
    mine.influencedSalesMinor = credit.filter(c => c.associateId === id).reduce((n, c) => n + c.amountMinor, 0)
    // Follow-ups close when the customer came back to anyone, not just this associate.
    const all = input.interactions.filter(i => i.associateId === id && i.type === 'follow_up')
    const openIds = new Set(openFollowUps(input).map(f => f.id))
    mine.followUpsDue = all.filter(f => openIds.has(f.id) && f.dueAt! >= input.asOf && f.dueAt! < input.period.to).length
    mine.followUpsOverdue = all.filter(f => openIds.has(f.id) && f.dueAt! < input.asOf).length
    return [id, mine]
  }))
}
