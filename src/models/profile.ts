/**
 * The 360° profile's view model and the pure function that builds it from the raw documents,
 * so ordering and name resolution are tested without a database (src/db/profile.ts watches
 * the documents). Everything a screen shows is resolved here: product names and images,
 * store and associate names.
 */
import type {
  AssociateDoc,
  CartDoc,
  CartItem,
  CustomerDoc,
  InteractionDoc,
  OrderDoc,
  ProductDoc,
  StoreDoc,
  VisitDoc,
} from '../shared/types'

export interface ProfileItem extends CartItem {
  /** null while the catalogue doesn't know the sku (not yet synced, or withdrawn) */
  product: ProductDoc | null
  /** the associate's name; null for the customer, or an associate of another store (not on this tablet) */
  addedByName: string | null
}

export interface ProfileOrder extends OrderDoc {
  storeName: string | null
  associateName: string | null
}

export interface ProfileInteraction extends InteractionDoc {
  product: ProductDoc | null
  associateName: string | null
}

export interface ProfileVisit {
  id: string
  /** null when only the interactions of a visit reached this tablet */
  visit: VisitDoc | null
  storeName: string | null
  associateName: string | null
  startedAt: string
  interactions: ProfileInteraction[]
}

export interface ItemsTotal {
  totalMinor: number
  currency: string
  /** items whose price is unknown here, so the total leaves them out */
  unpriced: number
}

export interface CustomerProfile {
  customer: CustomerDoc
  homeStoreName: string | null
  /** newest added first */
  cart: ProfileItem[]
  cartTotal: ItemsTotal
  wishlist: ProfileItem[]
  /** every channel, newest first: the tablet's history window of them */
  orders: ProfileOrder[]
  /** all of the customer's purchases, as the server counts them (at least those on this tablet) */
  orderCount: number
  /** purchases older than the tablet's window, kept on the server only */
  olderOrders: number
  /** newest first; interactions inside a visit oldest first, as they happened */
  visits: ProfileVisit[]
  /** store id → name, for consents captured in a store */
  storeNames: Record<string, string>
  /** notes other touchpoints added (a contact centre, the web shop), newest first */
  touchpointNotes: InteractionDoc[]
}

export interface ProfileParts {
  customer: CustomerDoc | null
  cart: CartDoc | null
  wishlist: CartDoc | null
  orders: OrderDoc[]
  visits: VisitDoc[]
  interactions: InteractionDoc[]
  products: ProductDoc[]
  stores: Pick<StoreDoc, 'id' | 'name'>[]
  associates: Pick<AssociateDoc, 'id' | 'displayName'>[]
}

const newestFirst = <T>(key: (x: T) => string) => (a: T, b: T) => key(b).localeCompare(key(a))

/** The skus whose products the profile shows: cart, wishlist and interactions. */
export function referencedSkus(parts: Pick<ProfileParts, 'cart' | 'wishlist' | 'interactions'>): string[] {
  const skus = new Set<string>()
  for (const item of [...parts.cart?.items ?? [], ...parts.wishlist?.items ?? []]) skus.add(item.sku)
  for (const interaction of parts.interactions) {
    if (interaction.sku)
      skus.add(interaction.sku)
  }
  return [...skus].sort()
}

function itemsTotal(items: ProfileItem[], fallbackCurrency: string): ItemsTotal {
  let totalMinor = 0
  let unpriced = 0
  for (const item of items) {
    if (item.product)
      totalMinor += item.product.priceMinor * item.qty
    else unpriced++
  }
  return { totalMinor, currency: items.find(i => i.product)?.product?.currency ?? fallbackCurrency, unpriced }
}

export function composeProfile(parts: ProfileParts): CustomerProfile | null {
  const { customer } = parts
  if (!customer)
    return null
  const products = new Map(parts.products.map(p => [p.sku, p]))
  const stores = new Map(parts.stores.map(s => [s.id, s.name]))
  const associates = new Map(parts.associates.map(a => [a.id, a.displayName]))
  // Other stores' associates aren't replicated here: their names are unknown, not their ids.
  const who = (id: string) => associates.get(id) ?? null
  const items = (list: CartDoc | null): ProfileItem[] =>
    (list?.items ?? [])
      .map(item => ({ ...item, product: products.get(item.sku) ?? null, addedByName: who(item.addedBy) }))
      .sort(newestFirst(i => i.addedAt))

  const cart = items(parts.cart)
  // The server counts every purchase; a sale made here and not yet sent is on this tablet only.
  const orderCount = Math.max(customer.orderCount ?? 0, parts.orders.length)
  return {
    customer,
    homeStoreName: customer.homeStoreId ? stores.get(customer.homeStoreId) ?? null : null,
    cart,
    cartTotal: itemsTotal(cart, customer.currency),
    wishlist: items(parts.wishlist),
    orders: parts.orders
      .map(order => ({
        ...order,
        storeName: order.storeId ? stores.get(order.storeId) ?? null : null,
        associateName: order.associateId ? who(order.associateId) : null,
      }))
      .sort(newestFirst(o => o.placedAt)),
    orderCount,
    olderOrders: orderCount - parts.orders.length,
    visits: composeVisits(parts, products, stores, who),
    storeNames: Object.fromEntries(stores),
    touchpointNotes: parts.interactions.filter(i => i.source && i.type === 'note').sort(newestFirst(i => i.at)),
  }
}

function composeVisits(
  parts: ProfileParts,
  products: Map<string, ProductDoc>,
  stores: Map<string, string>,
  who: (id: string) => string | null,
): ProfileVisit[] {
  const byVisit = new Map<string, ProfileInteraction[]>()
  for (const interaction of parts.interactions) {
    // A note from another touchpoint belongs to no visit: the profile lists it apart.
    if (interaction.source)
      continue
    const list = byVisit.get(interaction.visitId) ?? []
    list.push({ ...interaction, product: interaction.sku ? products.get(interaction.sku) ?? null : null, associateName: who(interaction.associateId) })
    byVisit.set(interaction.visitId, list)
  }
  const visits: ProfileVisit[] = parts.visits.map(visit => ({
    id: visit.id,
    visit,
    storeName: stores.get(visit.storeId) ?? null,
    associateName: who(visit.associateId),
    startedAt: visit.startedAt,
    interactions: byVisit.get(visit.id) ?? [],
  }))
  const known = new Set(visits.map(v => v.id))
  for (const [visitId, interactions] of byVisit) {
    if (known.has(visitId))
      continue
    const first = interactions.reduce((a, b) => (a.at <= b.at ? a : b))
    visits.push({ id: visitId, visit: null, storeName: stores.get(first.storeId) ?? null, associateName: first.associateName, startedAt: first.at, interactions })
  }
  for (const v of visits) v.interactions.sort((a, b) => a.at.localeCompare(b.at))
  return visits.sort(newestFirst(v => v.startedAt))
}

/**
 * History the tablet does not hold, read from the server for the open profile only (a new
 * tablet's history still downloading; purchases older than the tablet's window). Never stored.
 */
export interface HistoryParts {
  orders: OrderDoc[]
  visits: VisitDoc[]
  interactions: InteractionDoc[]
}

export const NO_HISTORY: HistoryParts = { orders: [], visits: [], interactions: [] }

/** `local` with what `extra` adds; a document the tablet holds wins (it may carry an unsent change). */
export function withHistory<T extends Pick<HistoryParts, keyof HistoryParts>>(local: T, extra: HistoryParts): T {
  const union = <D extends { id: string }>(mine: D[], more: D[]): D[] => {
    if (!more.length)
      return mine
    const held = new Set(mine.map(d => d.id))
    return [...mine, ...more.filter(d => !held.has(d.id))]
  }
  return { ...local, orders: union(local.orders, extra.orders), visits: union(local.visits, extra.visits), interactions: union(local.interactions, extra.interactions) }
}
