import type { CartDoc, CartItem, Channel } from '../../src/shared/types'
import type { Shopper } from './picker'
import { associateOf } from './picker'
import { DAY, isoAt, MINUTE } from './random'

type Weights<T> = readonly (readonly [T, number])[]
const CART_SIZES: Weights<number> = [[0, 45], [1, 25], [2, 15], [3, 10], [4, 5]]
const WISHLIST_SIZES: Weights<number> = [[0, 35], [1, 20], [2, 15], [3, 12], [4, 10], [5, 8]]
const STORE_CUSTOMER_CHANNELS: Weights<Channel> = [['web', 50], ['app', 35], ['store', 15]]
const ONLINE_CHANNELS: readonly Channel[] = ['web', 'app']

function items(s: Shopper, kind: 'cart' | 'wishlist'): CartItem[] {
  const { rng } = s
  const count = rng.weighted(kind === 'cart' ? CART_SIZES : WISHLIST_SIZES)
  // Carts are recent (they get abandoned or bought); wishlists keep things for a year.
  const from = Math.max(s.createdAtMs, s.nowMs - (kind === 'cart' ? 45 : 365) * DAY)
  const seen = new Set<string>()
  const list: { at: number, item: CartItem }[] = []
  for (let attempt = 0; list.length < count && attempt < count * 4; attempt++) {
    const product = s.picker.pick(rng, s.prefs)
    const size = s.picker.size(rng, product, s.prefs)
    const key = `${product.sku}\u0000${size}`
    if (seen.has(key))
      continue
    seen.add(key)
    const channel = s.homeStoreId ? rng.weighted(STORE_CUSTOMER_CHANNELS) : rng.pick(ONLINE_CHANNELS)
    const at = rng.between(from, s.nowMs - 10 * MINUTE)
    list.push({
      at,
      item: {
        sku: product.sku,
        size,
        qty: kind === 'cart' && rng.chance(0.1) ? 2 : 1,
        addedAt: isoAt(at),
        channel,
        addedBy: channel === 'store' && s.homeStoreId ? associateOf(rng, s.homeStoreId) : 'customer',
      },
    })
  }
  return list.sort((a, b) => a.at - b.at).map(e => e.item)
}

export function makeItemList(s: Shopper, kind: 'cart' | 'wishlist'): CartDoc {
  const list = items(s, kind)
  return { id: s.id, updatedAt: list.at(-1)?.addedAt ?? isoAt(s.createdAtMs), customerId: s.id, items: list }
}
