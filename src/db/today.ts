/**
 * What the Today list is derived from, read from the tablet's own database (offline too):
 * follow-ups through the [type, at] index; visits and orders through their date indexes, from
 * the oldest open follow-up or the lapsed-days threshold back, whichever is earlier; the book's
 * carts and wishlists; the stock and products they name; and the store's task decisions.
 *
 * Birthdays and top clients need the customers themselves: the book is read whole (a scan).
 * At the demo's size that is instant; for a 100,000-customer store it is the slow part (see the
 * note on issue 21), to be replaced by indexed keys on the customer.
 */
import type { Observable } from 'rxjs'
import type { TodayInput } from '../domain/today'
import type { CartDoc, CustomerDoc, InteractionDoc, InventoryDoc, OrderDoc, ProductDoc, TaskDoc, VisitDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { map } from 'rxjs'
import { ORDER_DAYS } from '../domain/today'
import { getAppDatabase } from './app-database'

export type TodayData = Omit<TodayInput, 'now' | 'timeZone' | 'associateId' | 'settings' | 'decisions'>

const DAY_MS = 86_400_000
const json = <T>(docs: { toJSON: () => unknown }[]) => docs.map(d => d.toJSON() as T)

export async function loadTodayData(storeId: string, now: Date, lapsedDays: number, db?: ClientelingDatabase): Promise<TodayData> {
  const database = db ?? await getAppDatabase()
  const followUps = json<InteractionDoc>(await database.interactions.find({ selector: { type: 'follow_up' }, sort: [{ type: 'asc' }, { at: 'asc' }] }).exec())
  const threshold = new Date(now.getTime() - Math.max(lapsedDays, ORDER_DAYS) * DAY_MS).toISOString()
  const oldest = followUps.filter(f => f.storeId === storeId)[0]?.at
  const since = oldest && oldest < threshold ? oldest : threshold
  const [visits, orders, carts, wishlists, customers] = await Promise.all([
    database.visits.find({ selector: { startedAt: { $gte: since } } }).exec().then(d => json<VisitDoc>(d)),
    database.orders.find({ selector: { placedAt: { $gte: since } } }).exec().then(d => json<OrderDoc>(d)),
    database.carts.find().exec().then(d => json<CartDoc>(d)),
    database.wishlists.find().exec().then(d => json<CartDoc>(d)),
    database.customers.find().exec().then(d => json<CustomerDoc>(d)),
  ])
  const skus = [...new Set([...carts, ...wishlists].flatMap(l => l.items.map(i => i.sku)))]
  const [stock, products] = await Promise.all([
    database.inventory.findByIds(skus.map(sku => `${storeId}:${sku}`)).exec().then(m => [...m.values()].map(d => d.toJSON() as InventoryDoc)),
    database.products.findByIds(skus).exec().then(m => [...m.values()].map(d => d.toJSON() as ProductDoc)),
  ])
  return { storeId, customers, interactions: followUps, visits, orders, carts, wishlists, stock, products }
}

/** The store's decisions on tasks, live: a decision made on another tablet shows at once. */
export async function watchTaskDecisions(storeId: string, db?: ClientelingDatabase): Promise<Observable<TaskDoc[]>> {
  const database = db ?? await getAppDatabase()
  return database.tasks.find({ selector: { storeId } }).$.pipe(map(docs => json<TaskDoc>(docs)))
}

/** Writes a decision about a task (done, snoozed, handed over): the later decision wins on every tablet. */
export async function decideTask(decision: Omit<TaskDoc, 'updatedAt'>, db?: ClientelingDatabase): Promise<void> {
  const database = db ?? await getAppDatabase()
  await database.tasks.upsert({ ...decision, updatedAt: decision.at })
}
