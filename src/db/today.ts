/**
 * What the Today list is derived from, read from the tablet's own database (offline too):
 * follow-ups through the [type, at] index; visits and orders through their date indexes, from
 * the oldest open follow-up or the lapsed-days threshold back, whichever is earlier; the book's
 * carts and wishlists; the stock and products they name; and the store's task decisions.
 *
 * The book itself is never read whole: this week's birthdays come through the birthdayKey
 * index (one range, two across New Year), top clients through the tier and lifetime-value
 * indexes, and every other customer a task names by id. Carts and wishlists are still read
 * whole (small documents; an index on what changed in them is the next step at 100,000).
 */
import type { Observable } from 'rxjs'
import type { TodayInput } from '../domain/today'
import type { MangoQuerySelector } from 'rxdb'
import type { CustomerDoc, TaskDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { map } from 'rxjs'
import { addDays, storeDay } from '../domain/store-days'
import { CART_DAYS, ORDER_DAYS, STOCK_DAYS, TOP_VALUE_MINOR } from '../domain/today'
import { getAppDatabase } from './app-database'
import { readByIdsNow, readNow } from './rxdb-internals'

export type TodayData = Omit<TodayInput, 'now' | 'timeZone' | 'associateId' | 'settings' | 'decisions'>

const DAY_MS = 86_400_000

export async function loadTodayData(storeId: string, now: Date, lapsedDays: number, timeZone: string, db?: ClientelingDatabase): Promise<TodayData> {
  const database = db ?? await getAppDatabase()
  // Each read once (./rxdb-internals.ts, `readNow`): the list also opens while a download writes.
  const followUps = await readNow(database.interactions, { selector: { type: 'follow_up' }, sort: [{ type: 'asc' }, { at: 'asc' }] })
  const threshold = new Date(now.getTime() - Math.max(lapsedDays, ORDER_DAYS) * DAY_MS).toISOString()
  const oldest = followUps.filter(f => f.storeId === storeId)[0]?.at
  const since = oldest && oldest < threshold ? oldest : threshold
  const [visits, orders, carts, wishlists, featured] = await Promise.all([
    readNow(database.visits, { selector: { startedAt: { $gte: since } } }),
    readNow(database.orders, { selector: { placedAt: { $gte: since } } }),
    readNow(database.carts),
    readNow(database.wishlists),
    birthdaysAndTopClients(database, storeDay(now, timeZone)),
  ])
  const skus = [...new Set([...carts, ...wishlists].flatMap(l => l.items.map(i => i.sku)))]
  const [stock, products] = await Promise.all([
    readByIdsNow(database.inventory, skus.map(sku => `${storeId}:${sku}`)),
    readByIdsNow(database.products, skus),
  ])
  // Everyone else a task may name: a follow-up, a changed cart or wishlist item, a web order.
  const recent = (at: string | null | undefined, days: number) => !!at && Date.parse(at) >= now.getTime() - days * DAY_MS
  const changed = new Set([
    ...stock.filter(s => recent(s.updatedAt, STOCK_DAYS)).map(s => s.sku),
    ...products.filter(p => recent(p.priceChangedAt, STOCK_DAYS)).map(p => p.sku),
  ])
  const named = new Set([
    ...followUps.map(f => f.customerId),
    ...carts.filter(c => c.items.some(i => i.channel !== 'store' && recent(i.addedAt, CART_DAYS))).map(c => c.customerId),
    ...wishlists.filter(w => w.items.some(i => changed.has(i.sku))).map(w => w.customerId),
    ...orders.filter(o => o.channel !== 'store' && recent(o.placedAt, ORDER_DAYS)).map(o => o.customerId),
  ].filter((id): id is string => !!id && !featured.has(id)))
  const others = await readByIdsNow(database.customers, [...named])
  const customers = [...featured.values(), ...others]
  return { storeId, customers, interactions: followUps, visits, orders, carts, wishlists, stock, products }
}

/** 'MM-DD' keys of the next seven days, as index ranges (two when the week crosses New Year). */
export function birthdayRanges(today: string): [string, string][] {
  const from = today.slice(5)
  const to = addDays(today, 6).slice(5)
  return from <= to ? [[from, to]] : [[from, '12-31'], ['01-01', to]]
}

async function birthdaysAndTopClients(database: ClientelingDatabase, today: string): Promise<Map<string, CustomerDoc>> {
  const selectors: MangoQuerySelector<CustomerDoc>[] = [
    ...birthdayRanges(today).map(([from, to]) => ({ birthdayKey: { $gte: from, $lte: to } })),
    { tier: 'gold' },
    { tier: 'platinum' },
    { lifetimeValueMinor: { $gte: TOP_VALUE_MINOR } },
  ]
  const found = new Map<string, CustomerDoc>()
  for (const docs of await Promise.all(selectors.map(selector => readNow(database.customers, { selector })))) {
    for (const d of docs) found.set(d.id, d)
  }
  return found
}

/** The store's decisions on tasks, live: a decision made on another tablet shows at once. */
export async function watchTaskDecisions(storeId: string, db?: ClientelingDatabase): Promise<Observable<TaskDoc[]>> {
  const database = db ?? await getAppDatabase()
  return database.tasks.find({ selector: { storeId } }).$.pipe(map(docs => docs.map(d => d.toJSON() as TaskDoc)))
}

/** Writes a decision about a task (done, snoozed, handed over): the later decision wins on every tablet. */
export async function decideTask(decision: Omit<TaskDoc, 'updatedAt'>, db?: ClientelingDatabase): Promise<void> {
  const database = db ?? await getAppDatabase()
  await database.tasks.upsert({ ...decision, updatedAt: decision.at })
}
