/**
 * The associate's Today list: whom to contact and why, derived on the tablet from what it
 * already holds. Nothing here is stored; only what people decide about a task (done, snoozed,
 * handed over) is, as a TaskDoc keyed by the task's id, so every tablet derives the same list
 * and applies the same decisions.
 *
 * A task exists for
 * - a follow-up noted in a visit and still open (the customer has not come back since; the rule
 *   the KPIs use), due before the end of this week, store time: overdue, today or this week;
 * - a web or app change to the customer's online cart in the last CART_DAYS days;
 * - a wishlist item in stock here again: its stock record changed after the item was added,
 *   within the last STOCK_DAYS days, and shows pieces on hand;
 * - a wishlist item whose price went down after it was added, within the last STOCK_DAYS days;
 * - a birthday from today to six days ahead;
 * - a top client (gold or platinum, or a lifetime value of TOP_VALUE_MINOR or more) not seen —
 *   no visit and no purchase in any channel — for the store's lapsed-days setting (the input's
 *   visits and orders must reach back that far at least);
 * - a web or app order in the last ORDER_DAYS days, to thank them for.
 * Each task's `reason` makes it that task and no other: a new cart change, a later order or next
 * year's birthday is a new task, so a decision on the old one does not hide it.
 *
 * Whose: a task is mine when a manager handed it to me; else a follow-up is its author's (the
 * promise was theirs), and any other task is the customer's primary or secondary associate's here. A customer nobody
 * looks after here is the store's, shared by everyone; a task of someone else's client is
 * theirs and not on my list. Mine come first, then the shared ones; within each, the newest
 * reason first (a due date counts as its reason's time). A manager may look at the whole store's
 * list (`everyone`), where others' tasks follow, to hand one to someone else.
 */
import type { CartDoc, CustomerDoc, InteractionDoc, InventoryDoc, OrderDoc, ProductDoc, TaskDoc, TaskKind, VisitDoc } from '../shared/types'
import type { Settings } from './store-settings'
import { customerCameBack } from './kpis'
import { addDays, daysBetween, nextBirthday, storeDay } from './store-days'

export const CART_DAYS = 3
export const STOCK_DAYS = 7
export const ORDER_DAYS = 7
export const TOP_VALUE_MINOR = 200_000
const DAY_MS = 86_400_000

export type Due = 'overdue' | 'today' | 'week'

export interface TodayTask {
  /** the TaskDoc id its decisions are stored under */
  id: string
  kind: TaskKind
  customerId: string
  reason: string
  /** the reason's time (or the day it is due), for ordering */
  at: string
  due: Due | null
  mine: boolean
  /** who the task belongs to when it is not shared: its owner's associate id */
  owner: string | null
  /** what the row shows besides the customer's name */
  detail: TaskDetail
}

export type TaskDetail
  = | { kind: 'follow-up', text: string | null, dueDay: string }
    | { kind: 'cart-changed', items: number, valueMinor: number, currency: string, changedAt: string }
    | { kind: 'back-in-stock', sku: string, name: string, size: string, onHand: number }
    | { kind: 'price-drop', sku: string, name: string, priceMinor: number, previousPriceMinor: number, currency: string }
    | { kind: 'birthday', day: string, inDays: number }
    /** lastSeen and days are null when the last visit or purchase is older than the history looked at */
    | { kind: 'lapsed', lastSeen: string | null, days: number | null, threshold: number }
    | { kind: 'web-order', orderId: string, totalMinor: number, currency: string, placedAt: string }

export interface TodayInput {
  now: Date
  timeZone: string
  storeId: string
  associateId: string
  settings: Pick<Settings, 'lapsedDays'>
  /** the customers of the store's book */
  customers: readonly CustomerDoc[]
  interactions: readonly InteractionDoc[]
  visits: readonly VisitDoc[]
  orders: readonly OrderDoc[]
  carts: readonly CartDoc[]
  wishlists: readonly CartDoc[]
  /** this store's stock records */
  stock: readonly InventoryDoc[]
  products: readonly ProductDoc[]
  decisions: readonly TaskDoc[]
  /** a manager's view of the whole store: others' tasks too (not mine), to hand them over */
  everyone?: boolean
}

export const taskId = (storeId: string, kind: TaskKind, customerId: string, reason: string) => `${storeId}|${kind}|${customerId}|${reason}`

type Candidate = Omit<TodayTask, 'id' | 'mine' | 'owner'> & { notedBy?: string }

function followUps(input: TodayInput, today: string, weekEnd: string): Candidate[] {
  return input.interactions.filter(f => f.type === 'follow_up' && f.dueAt && f.customerId && f.storeId === input.storeId).flatMap((f) => {
    const dueDay = storeDay(f.dueAt!, input.timeZone)
    if (dueDay > weekEnd || customerCameBack(f, input.visits, input.orders))
      return []
    const due: Due = dueDay < today ? 'overdue' : dueDay === today ? 'today' : 'week'
    return [{ kind: 'follow-up', customerId: f.customerId!, reason: f.id, at: f.dueAt!, due, notedBy: f.associateId, detail: { kind: 'follow-up', text: f.text, dueDay } }]
  })
}

function cartChanges(input: TodayInput, since: number, prices: Map<string, ProductDoc>): Candidate[] {
  return input.carts.flatMap((cart) => {
    const online = cart.items.filter(i => i.channel !== 'store')
    const latest = online.map(i => i.addedAt).sort().at(-1)
    if (!latest || Date.parse(latest) < since)
      return []
    const valueMinor = online.reduce((sum, i) => sum + (prices.get(i.sku)?.priceMinor ?? 0) * i.qty, 0)
    const currency = prices.get(online[0]!.sku)?.currency ?? 'EUR'
    return [{ kind: 'cart-changed', customerId: cart.customerId, reason: latest, at: latest, due: null, detail: { kind: 'cart-changed', items: online.length, valueMinor, currency, changedAt: latest } }]
  })
}

function backInStock(input: TodayInput, since: number, products: Map<string, ProductDoc>): Candidate[] {
  const stock = new Map(input.stock.filter(s => s.storeId === input.storeId).map(s => [s.sku, s]))
  return input.wishlists.flatMap(list => list.items.flatMap((item) => {
    const record = stock.get(item.sku)
    if (!record || record.onHand <= 0 || record.updatedAt <= item.addedAt || Date.parse(record.updatedAt) < since)
      return []
    const reason = `${item.sku}@${record.updatedAt.slice(0, 10)}`
    return [{ kind: 'back-in-stock', customerId: list.customerId, reason, at: record.updatedAt, due: null, detail: { kind: 'back-in-stock', sku: item.sku, name: products.get(item.sku)?.name ?? item.sku, size: item.size, onHand: record.onHand } }]
  }))
}

/**
 * A wishlist item whose price went down after it was added: the product's last change, from
 * the server, is a lower price and came after the item (so it is news to the customer).
 */
function priceDrops(input: TodayInput, since: number, products: Map<string, ProductDoc>): Candidate[] {
  return input.wishlists.flatMap(list => list.items.flatMap((item) => {
    const p = products.get(item.sku)
    if (!p?.priceChangedAt || !p.previousPriceMinor || p.priceMinor >= p.previousPriceMinor || p.priceChangedAt <= item.addedAt || Date.parse(p.priceChangedAt) < since)
      return []
    return [{ kind: 'price-drop', customerId: list.customerId, reason: `${item.sku}@${p.priceChangedAt.slice(0, 10)}`, at: p.priceChangedAt, due: null, detail: { kind: 'price-drop', sku: item.sku, name: p.name, priceMinor: p.priceMinor, previousPriceMinor: p.previousPriceMinor, currency: p.currency } }]
  }))
}

function birthdays(input: TodayInput, today: string): Candidate[] {
  return input.customers.flatMap((c) => {
    if (!c.birthday)
      return []
    const day = nextBirthday(c.birthday, today)
    const inDays = daysBetween(today, day)
    if (inDays > 6)
      return []
    return [{ kind: 'birthday', customerId: c.id, reason: day.slice(0, 4), at: `${day}T00:00:00.000Z`, due: inDays === 0 ? 'today' : 'week', detail: { kind: 'birthday', day, inDays } }]
  })
}

function lapsed(input: TodayInput, today: string): Candidate[] {
  const lastSeen = new Map<string, string>()
  const seen = (id: string | null, at: string) => {
    if (id && at > (lastSeen.get(id) ?? ''))
      lastSeen.set(id, at)
  }
  input.visits.forEach(v => seen(v.customerId, v.startedAt))
  input.orders.forEach(o => seen(o.customerId, o.placedAt))
  return input.customers.flatMap((c) => {
    const top = c.tier === 'gold' || c.tier === 'platinum' || c.lifetimeValueMinor >= TOP_VALUE_MINOR
    const last = lastSeen.get(c.id) ?? null
    const days = daysBetween(storeDay(last ?? c.createdAt, input.timeZone), today)
    if (!top || days < input.settings.lapsedDays)
      return []
    // Not seen in the history at hand: the reason must not change from day to day, or a
    // decision on it would be lost tomorrow. A later visit makes the next lapse a new task.
    const reason = last ? last.slice(0, 10) : 'unseen'
    const detail = { kind: 'lapsed' as const, lastSeen: last, days: last ? days : null, threshold: input.settings.lapsedDays }
    return [{ kind: 'lapsed', customerId: c.id, reason, at: last ?? c.createdAt, due: null, detail }]
  })
}

function webOrders(input: TodayInput, since: number): Candidate[] {
  return input.orders.filter(o => o.channel !== 'store' && o.customerId && Date.parse(o.placedAt) >= since).map(o => ({
    kind: 'web-order' as const,
    customerId: o.customerId!,
    reason: o.id,
    at: o.placedAt,
    due: null,
    detail: { kind: 'web-order' as const, orderId: o.id, totalMinor: o.totalMinor, currency: o.currency, placedAt: o.placedAt },
  }))
}

/** The customer's advisor here, primary first. */
function advisorOf(customer: CustomerDoc | undefined, storeId: string): string | null {
  const here = (customer?.advisors ?? []).filter(a => a.storeId === storeId)
  return (here.find(a => a.role === 'primary') ?? here[0])?.associateId ?? null
}

export function todayTasks(input: TodayInput): TodayTask[] {
  const today = storeDay(input.now, input.timeZone)
  const weekEnd = addDays(today, 6)
  const ago = (days: number) => input.now.getTime() - days * DAY_MS
  const customers = new Map(input.customers.map(c => [c.id, c]))
  const products = new Map(input.products.map(p => [p.sku, p]))
  const decisions = new Map(input.decisions.map(d => [d.id, d]))
  const candidates = [
    ...followUps(input, today, weekEnd),
    ...cartChanges(input, ago(CART_DAYS), products),
    ...backInStock(input, ago(STOCK_DAYS), products),
    ...priceDrops(input, ago(STOCK_DAYS), products),
    ...birthdays(input, today),
    ...lapsed(input, today),
    ...webOrders(input, ago(ORDER_DAYS)),
  ]
  const tasks: TodayTask[] = []
  for (const { notedBy, ...c } of candidates) {
    const customer = customers.get(c.customerId)
    // Erased, merged away or no longer in this store's book: nobody to contact here.
    if (!customer || customer.mergedInto)
      continue
    const id = taskId(input.storeId, c.kind, c.customerId, c.reason)
    const decision = decisions.get(id)
    if (decision?.state === 'done' || (decision?.state === 'snoozed' && (decision.snoozedUntil ?? '') > today))
      continue
    const advisors = (customer.advisors ?? []).filter(a => a.storeId === input.storeId).map(a => a.associateId)
    // A follow-up is the promise of whoever noted it; the rest follow the customer's advisor.
    const owner = decision?.assignedTo ?? (c.kind === 'follow-up' ? notedBy ?? null : advisorOf(customer, input.storeId))
    const mine = owner === input.associateId || (!decision?.assignedTo && c.kind !== 'follow-up' && advisors.includes(input.associateId))
    if (owner && !mine && !input.everyone)
      continue
    tasks.push({ ...c, id, mine, owner })
  }
  return tasks.sort((a, b) => Number(b.mine) - Number(a.mine) || b.at.localeCompare(a.at) || a.id.localeCompare(b.id))
}
