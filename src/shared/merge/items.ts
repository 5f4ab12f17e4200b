/**
 * Cart and wishlist merge, per item. An item is keyed by sku and size, so the same shoe
 * in two sizes is two items.
 *
 * Per key, the tablet's version wins if the tablet touched the item since its base
 * (changed its quantity, added it, removed it); otherwise the master's version stands,
 * including the master's removal. So a quantity changed on both sides is the tablet's,
 * and an item removed on one side and untouched on the other stays removed. With no base
 * the lists are united, the tablet winning per key.
 *
 * Order follows the master's list, then items only the tablet has in the tablet's order,
 * so a merge never shuffles what the customer sees online.
 */
import type { CartDoc, CartItem, WithDeleted } from '../types'
import { deepEqual } from '../equal'
import { mergeFields } from './fields'

export function itemKey(item: Pick<CartItem, 'sku' | 'size'>): string {
  return `${item.sku}|${item.size}`
}

function byKey(items: readonly CartItem[] | undefined): Map<string, CartItem> {
  return new Map((items ?? []).map(item => [itemKey(item), item]))
}

export function mergeItemList(
  assumed: readonly CartItem[] | null,
  master: readonly CartItem[],
  next: readonly CartItem[],
): CartItem[] {
  const base = assumed ? byKey(assumed) : null
  const ours = byKey(master)
  const theirs = byKey(next)
  const out: CartItem[] = []
  for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
    const tablet = theirs.get(key)
    const touched = base ? !deepEqual(base.get(key), tablet) : tablet !== undefined
    const item = touched ? tablet : ours.get(key)
    if (item)
      out.push({ ...item })
  }
  return out
}

export function mergeItems<T extends CartDoc>(
  assumed: WithDeleted<T> | null,
  master: WithDeleted<T>,
  next: WithDeleted<T>,
): WithDeleted<T> {
  const merged = mergeFields(assumed, master, next, { keepMaster: ['customerId', 'items'] })
  return { ...merged, items: mergeItemList(assumed?.items ?? null, master.items, next.items) }
}
