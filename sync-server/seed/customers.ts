import type { CartDoc, Consent, ConsentChannel, CustomerDoc, OrderDoc, ProductDoc, Tier, WishlistDoc } from '../../src/shared/types'
import type { Person } from './contact'
import type { Shopper } from './picker'
import type { Touchpoint } from './profile'
import { birthdayKey, customerKeys, emailKey, loyaltyKey, phoneKey } from '../../src/shared/search'
import { ASSOCIATES_BY_STORE } from './associates'
import { makeEmail, makePerson, makePhone } from './contact'
import { makeItemList } from './lists'
import { makeOrders } from './orders'
import { associateOf, pad, ProductPicker } from './picker'
import { loyaltyIdFor, makeConsents, makePreferences, tierFor } from './profile'
import { DAY, HOUR, isoAt, Rng, YEAR } from './random'

/** The default "now": fixed so that two runs produce identical documents. */
export const DEMO_NOW = '2025-06-02T09:30:00.000Z'

export interface DemoCustomersOptions {
  count: number
  /** Customer i is the same whatever the count: seeding 100 then 200 from 100 adds 100 new ones. */
  startIndex?: number
  products: readonly ProductDoc[]
  now?: Date | string | number
}

export interface DemoCustomerData {
  customers: CustomerDoc[]
  carts: CartDoc[]
  wishlists: WishlistDoc[]
  orders: OrderDoc[]
}

export const customerIdFor = (index: number): string => `cus-${pad(index, 7)}`

type StoreWeights = readonly (readonly [string | null, number])[]
// null: a web-only customer, in no store's book until they visit one.
const HOME_STORES: StoreWeights = [['store-milano-duomo', 34], ['store-roma-condotti', 26], ['store-firenze-tornabuoni', 14], ['store-torino-roma', 14], [null, 12]]
const VISITOR_STORES: StoreWeights = [['store-roma-condotti', 30], ['store-firenze-tornabuoni', 26], ['store-milano-duomo', 24], ['store-torino-roma', 4], [null, 16]]

function makeTags(rng: Rng, person: Person, tier: Tier, consents: Partial<Record<ConsentChannel, Consent>>, homeStoreId: string | null): string[] {
  const tags: string[] = []
  if (tier === 'platinum' || (tier === 'gold' && rng.chance(0.3)))
    tags.push('vip')
  if (consents.email?.granted)
    tags.push('newsletter')
  if (person.gender === 'f' && rng.chance(0.03))
    tags.push('sposa')
  if (homeStoreId && rng.chance(0.04))
    tags.push('personal-shopper')
  if (!person.livesInItaly)
    tags.push('turista')
  if (rng.chance(0.06))
    tags.push('eventi')
  if (rng.chance(0.03))
    tags.push('regali-aziendali')
  return tags
}

type NameKeys = Pick<CustomerDoc, 'nameKey' | 'nameKeyAlt'>

/**
 * customerKeys() as the shared code computes it, with the accent folding of a name done
 * once per distinct name: that folding was the slowest step of generating 20,000 customers.
 */
function keysOf(names: { firstName: string, lastName: string, email: string | null, phone: string | null, loyaltyId: string | null }, cache: Map<string, NameKeys>) {
  const cacheKey = `${names.firstName}\u0000${names.lastName}`
  let keys = cache.get(cacheKey)
  if (!keys) {
    const { nameKey, nameKeyAlt } = customerKeys({ ...names, email: null, phone: null, loyaltyId: null })
    keys = { nameKey, nameKeyAlt }
    cache.set(cacheKey, keys)
  }
  return { ...keys, emailKey: emailKey(names.email), phoneKey: phoneKey(names.phone), loyaltyKey: loyaltyKey(names.loyaltyId) }
}

function demoCustomer(index: number, nowMs: number, picker: ProductPicker, nameKeys: Map<string, NameKeys>) {
  const rng = Rng.of('customer', index)
  const id = customerIdFor(index)
  const person = makePerson(rng)
  const homeStoreId = rng.weighted(person.livesInItaly ? HOME_STORES : VISITOR_STORES)
  const createdAtMs = rng.between(nowMs - 6 * YEAR, nowMs - 2 * DAY)
  const email = makeEmail(rng, person)
  const phone = makePhone(rng, person)
  const hasLoyalty = rng.chance(homeStoreId ? 0.8 : 0.45)
  const prefs = makePreferences(rng, person)
  const shopper: Shopper = { rng, id, index, person, email, homeStoreId, hasLoyalty, prefs, createdAtMs, nowMs, picker }
  const orders = makeOrders(shopper)
  const lifetimeValueMinor = orders.reduce((sum, o) => sum + o.totalMinor, 0)

  const channelOf = (): string => homeStoreId ? rng.weighted([[homeStoreId, 50], ['web', 35], ['app', 15]]) : rng.weighted([['web', 70], ['app', 30]])
  const touchpoint = (at: number, source: string): Touchpoint => ({ at, source, by: source === homeStoreId && homeStoreId ? associateOf(rng, homeStoreId) : 'customer' })
  const signup = touchpoint(createdAtMs, channelOf())
  const consents = makeConsents(rng, signup, () => touchpoint(rng.between(createdAtMs, nowMs - HOUR), channelOf()), { email: email !== null, phone: phone !== null })
  const tier = tierFor(lifetimeValueMinor, hasLoyalty)
  const loyaltyId = hasLoyalty ? loyaltyIdFor(index) : null
  const names = { firstName: person.firstName, lastName: person.lastName, email, phone, loyaltyId }
  const createdAt = isoAt(createdAtMs)
  // Last written by whoever touched it last: a consent capture, or the server adding an order's
  // value. ISO strings of one format sort as their instants do.
  let updatedAt = orders.at(-1)?.placedAt ?? createdAt
  for (const c of Object.values(consents)) {
    if (c.capturedAt > updatedAt)
      updatedAt = c.capturedAt
  }

  const today = todayFields(id, homeStoreId, createdAt, nowMs)
  const customer: CustomerDoc = {
    id,
    updatedAt,
    ...names,
    language: person.language,
    tier,
    homeStoreId,
    preferences: prefs,
    consents,
    tags: makeTags(rng, person, tier, consents, homeStoreId),
    lifetimeValueMinor,
    orderCount: orders.length,
    currency: 'EUR',
    createdAt,
    ...keysOf(names, nameKeys),
    ...today,
    birthdayKey: birthdayKey(today.birthday),
  }
  return { customer, cart: makeItemList(shopper, 'cart'), wishlist: makeItemList(shopper, 'wishlist'), orders }
}

/** A small stable number from an id: the Today fields are chosen without the generator, so every other field stays as it was. */
function hashOf(id: string): number {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return h >>> 0
}

/**
 * What the associate's Today list is made of, on a share of the demo's customers: a birthday
 * for one in four (one in twenty this very week, so the list shows some), and the home store's
 * associate who looks after two in three of a store's customers.
 */
function todayFields(id: string, homeStoreId: string | null, createdAt: string, nowMs: number): Pick<CustomerDoc, 'birthday' | 'advisors'> {
  const h = hashOf(id)
  const fields: Pick<CustomerDoc, 'birthday' | 'advisors'> = {}
  if (h % 20 === 1) {
    const day = new Date(nowMs + (h % 6) * DAY)
    fields.birthday = { month: day.getUTCMonth() + 1, day: day.getUTCDate() }
  }
  else if (h % 4 === 0) {
    const day = new Date(Date.UTC(2001, 0, 1) + (h % 365) * DAY)
    fields.birthday = { month: day.getUTCMonth() + 1, day: day.getUTCDate() }
  }
  const staff = homeStoreId ? ASSOCIATES_BY_STORE.get(homeStoreId) ?? [] : []
  if (staff.length && h % 3 !== 0) {
    const associateId = staff[(h >>> 8) % staff.length]!
    fields.advisors = [{ storeId: homeStoreId!, associateId, role: 'primary', setBy: associateId, setAt: createdAt }]
  }
  return fields
}

function toMs(now: Date | string | number): number {
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now)
  if (!Number.isFinite(ms))
    throw new RangeError(`demo "now" is not a date: ${String(now)}`)
  return ms
}

export function demoCustomers({ count, startIndex = 0, products, now = DEMO_NOW }: DemoCustomersOptions): DemoCustomerData {
  const nowMs = toMs(now)
  const picker = new ProductPicker(products)
  const nameKeys = new Map<string, NameKeys>()
  const data: DemoCustomerData = { customers: [], carts: [], wishlists: [], orders: [] }
  for (let index = startIndex; index < startIndex + count; index++) {
    const { customer, cart, wishlist, orders } = demoCustomer(index, nowMs, picker, nameKeys)
    data.customers.push(customer)
    data.carts.push(cart)
    data.wishlists.push(wishlist)
    for (const order of orders) data.orders.push(order)
  }
  return data
}
