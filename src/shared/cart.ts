import type { CartItem } from './types'
import { itemKey } from './merge/items'

/**
 * Pieces bought in store come out of the customer's online cart: quantity down, the item
 * gone at zero. The tablet applies it locally at the sale; the server applies it again when
 * the order arrives, so the web cart is right even if the tablet's cart push never comes
 * (applying it to a cart that no longer holds the pieces changes nothing).
 */
export function removeBought(items: readonly CartItem[], bought: readonly Pick<CartItem, 'sku' | 'size' | 'qty'>[]): CartItem[] {
  const left = new Map<string, number>()
  for (const b of bought) left.set(itemKey(b), (left.get(itemKey(b)) ?? 0) + b.qty)
  return items.flatMap((item) => {
    const take = left.get(itemKey(item)) ?? 0
    if (!take)
      return [item]
    left.set(itemKey(item), Math.max(0, take - item.qty))
    return item.qty > take ? [{ ...item, qty: item.qty - take }] : []
  })
}
