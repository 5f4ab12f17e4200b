/**
 * What a tablet's cart or wishlist push tells the e-commerce platform.
 *
 * The previous master and the pushed document are compared item by item (keyed by sku
 * and size, as the merge does). A push comes from a tablet, so every difference from the
 * master is the store's: an item added, changed (a web item's quantity too) or removed.
 * Items equal to the master's are no news to the platform. When something changed, the
 * platform gets the whole new item list, as it sends us its own whole view in `cart.updated`.
 */
import type { CommerceEventType } from '../../src/shared/protocol'
import type { CartItem } from '../../src/shared/types'
import { deepEqual } from '../../src/shared/equal'
import { itemKey } from '../../src/shared/merge'

export interface StoreItemChanges {
  added: CartItem[]
  changed: CartItem[]
  removed: CartItem[]
}

export interface OutboundEvent {
  id: string
  type: CommerceEventType
  occurredAt: string
  data: {
    customerId: string
    items: CartItem[]
    /** the associates who added or changed store items, or 'store' for removals only */
    changedBy: string[] | 'store'
    storeId: string
  }
  /** each item added or removed, as customer-data platforms name it (Segment e-commerce spec v2) */
  track: { event: string, properties: Record<string, unknown> }[]
}

const TRACK = {
  carts: { added: 'Product Added', removed: 'Product Removed' },
  wishlists: { added: 'Product Added to Wishlist', removed: 'Product Removed from Wishlist' },
} as const

/** The store-made differences between two item lists, or null when there are none. */
export function storeItemChanges(previous: readonly CartItem[], next: readonly CartItem[]): StoreItemChanges | null {
  const before = new Map(previous.map(item => [itemKey(item), item]))
  const after = new Map(next.map(item => [itemKey(item), item]))
  const changes: StoreItemChanges = { added: [], changed: [], removed: [] }
  for (const [key, item] of after) {
    const old = before.get(key)
    if (old && deepEqual(old, item))
      continue
    ;(old ? changes.changed : changes.added).push(item)
  }
  for (const [key, item] of before) {
    if (!after.has(key))
      changes.removed.push(item)
  }
  return changes.added.length || changes.changed.length || changes.removed.length ? changes : null
}

/** A deleted document has no items left: every item in the master was removed. */
function itemsOf(doc: object | null): CartItem[] {
  const d = doc as { _deleted?: unknown, items?: unknown } | null
  if (!d || d._deleted === true || !Array.isArray(d.items))
    return []
  return d.items as CartItem[]
}

/**
 * The outbound event for one written cart or wishlist, or null when the store changed
 * nothing the platform needs to hear. `seq` is the change number the write drew: unique
 * per write, and a replayed push writes nothing, so the event id is issued once per change.
 */
export function outboundEventFor(input: {
  collection: 'carts' | 'wishlists'
  previous: object | null
  next: object & { id: string, customerId?: unknown }
  seq: string | number
  storeId: string
  occurredAt: string
}): OutboundEvent | null {
  const { collection, previous, next, seq, storeId, occurredAt } = input
  const items = itemsOf(next)
  const changes = storeItemChanges(itemsOf(previous), items)
  if (!changes)
    return null
  // Web items keep the customer as their author: only store items name an associate.
  const associates = [...new Set([...changes.added, ...changes.changed].filter(i => i.channel === 'store').map(i => i.addedBy))]
  const type = collection === 'carts' ? 'cart.updated' : 'wishlist.updated'
  const customerId = typeof next.customerId === 'string' ? next.customerId : next.id
  const call = (event: string) => (item: CartItem) => ({
    event,
    // A changed quantity is the item added again with its new quantity.
    properties: { [collection === 'carts' ? 'cart_id' : 'wishlist_id']: customerId, product_id: item.sku, sku: item.sku, variant: item.size || undefined, quantity: item.qty },
  })
  return {
    id: `clienteling:${collection}:${next.id}:${String(seq)}`,
    type,
    occurredAt,
    data: {
      customerId,
      items,
      changedBy: associates.length ? associates : 'store',
      storeId,
    },
    track: [...[...changes.added, ...changes.changed].map(call(TRACK[collection].added)), ...changes.removed.map(call(TRACK[collection].removed))],
  }
}
