/**
 * What the manager's dashboard and visit review read from the tablet's own database, so they
 * work offline. KPIs need more than the period: a follow-up closes when its customer came
 * back later, and a web order is influenced by a store touch up to 14 days before it. So
 * everything since the oldest follow-up (or 14 days before the period) is loaded, found
 * through indexes ([type, at] for follow-ups, the dates for the rest).
 */
import type { Period } from '../shared/endpoints'
import type { AppointmentDoc, AssociateDoc, CustomerDoc, InteractionDoc, OrderDoc, OutreachDoc, TaskDoc, VisitComment, VisitDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { monotonicFactory } from 'ulid'
import { INFLUENCE_WINDOW_DAYS } from '../domain/kpis'
import { getAppDatabase } from './app-database'

const ulid = monotonicFactory()
const DAY_MS = 86_400_000

export interface StoreActivity {
  visits: VisitDoc[]
  interactions: InteractionDoc[]
  orders: OrderDoc[]
  associates: AssociateDoc[]
  /** customer id → "First Last", for the visit list; '' for a customer erased since */
  customerNames: Record<string, string>
  /** messages to customers and Today decisions since the same date, and the book's unsubscribed customers */
  outreach: OutreachDoc[]
  tasks: TaskDoc[]
  unsubscribed: CustomerDoc[]
  /** appointments starting since the same date (one booked in the period starts after it was booked) */
  appointments: AppointmentDoc[]
}

const json = <T>(docs: { toJSON: () => unknown }[]) => docs.map(d => d.toJSON() as T)

export async function loadStoreActivity(storeId: string, period: Period, db?: ClientelingDatabase): Promise<StoreActivity> {
  const database = db ?? await getAppDatabase()
  const followUps = await database.interactions.find({ selector: { type: 'follow_up' }, sort: [{ type: 'asc' }, { at: 'asc' }], limit: 1 }).exec()
  const windowStart = new Date(Date.parse(period.from) - INFLUENCE_WINDOW_DAYS * DAY_MS).toISOString()
  const oldest = followUps[0]?.at
  const since = oldest && oldest < windowStart ? oldest : windowStart
  const [visits, interactions, orders, associates, outreach, tasks, unsubscribed, appointments] = await Promise.all([
    database.visits.find({ selector: { startedAt: { $gte: since } } }).exec(),
    database.interactions.find({ selector: { at: { $gte: since } } }).exec(),
    database.orders.find({ selector: { placedAt: { $gte: since } } }).exec(),
    database.associates.find({ selector: { storeId } }).exec(),
    database.outreach.find({ selector: { at: { $gte: since } } }).exec(),
    database.tasks.find({ selector: { storeId } }).exec(),
    // No index answers this one: a scan of the book, for the dashboard only.
    database.customers.find({ selector: { 'consents.email.source': 'email-link' } }).exec(),
    database.appointments.find({ selector: { start: { $gte: since } } }).exec(),
  ])
  const ids = [...new Set(visits.map(v => v.customerId).filter((c): c is string => !!c))]
  const customers = await database.customers.findByIds(ids).exec()
  // An erased customer is a tombstone RxDB no longer returns: their visits say so, by an empty name.
  const customerNames = Object.fromEntries(ids.map(id => [id, customers.get(id) ? `${customers.get(id)!.firstName} ${customers.get(id)!.lastName}`.trim() : '']))
  return { visits: json(visits), interactions: json(interactions), orders: json(orders), associates: json(associates), customerNames, outreach: json(outreach), tasks: json(tasks), unsubscribed: json(unsubscribed), appointments: json(appointments) }
}

/** A manager's coaching comment on a visit: added to the visit, replicated like the rest of it. */
export async function addVisitComment(visitId: string, by: string, text: string, db?: ClientelingDatabase): Promise<VisitComment> {
  const database = db ?? await getAppDatabase()
  const doc = await database.visits.findOne(visitId).exec()
  if (!doc)
    throw new Error(`There is no visit ${visitId} on this tablet.`)
  const comment: VisitComment = { id: ulid(), by, at: new Date().toISOString(), text: text.trim() }
  await doc.incrementalModify(v => ({ ...v, comments: [...(v.comments ?? []), comment], updatedAt: comment.at }))
  return comment
}
