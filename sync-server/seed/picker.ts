import type { CustomerPreferences, ProductDoc } from '../../src/shared/types'
import type { Person } from './contact'
import type { Rng } from './random'
import { ASSOCIATES_BY_STORE } from './associates'

export class ProductPicker {
  private readonly byCategory = new Map<string, ProductDoc[]>()

  constructor(private readonly products: readonly ProductDoc[]) {
    if (!products.length)
      throw new RangeError('demo customers need a catalogue to shop from')
    for (const p of products) {
      const list = this.byCategory.get(p.category) ?? []
      list.push(p)
      this.byCategory.set(p.category, list)
    }
  }

  /** Mostly from the categories the customer likes, as their history would show. */
  pick(rng: Rng, prefs: CustomerPreferences): ProductDoc {
    if (prefs.categories.length && rng.chance(0.65)) {
      const list = this.byCategory.get(rng.pick(prefs.categories))
      if (list?.length)
        return rng.pick(list)
    }
    return rng.pick(this.products)
  }

  size(rng: Rng, product: ProductDoc, prefs: CustomerPreferences): string {
    if (!product.sizes.length)
      return ''
    const own = prefs.sizes[product.category]
    // Now and then a gift, or a size up: not always the customer's own size.
    if (own && product.sizes.includes(own) && rng.chance(0.88))
      return own
    const mid = Math.floor(product.sizes.length / 2)
    return product.sizes[Math.min(product.sizes.length - 1, Math.max(0, mid + rng.int(-2, 2)))] ?? ''
  }
}

/** One customer's state while their carts and orders are generated. */
export interface Shopper {
  rng: Rng
  id: string
  index: number
  person: Person
  email: string | null
  homeStoreId: string | null
  hasLoyalty: boolean
  prefs: CustomerPreferences
  createdAtMs: number
  nowMs: number
  picker: ProductPicker
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0')

export function associateOf(rng: Rng, storeId: string): string {
  const staff = ASSOCIATES_BY_STORE.get(storeId)
  if (!staff)
    throw new RangeError(`no demo staff for store ${storeId}`)
  return rng.pick(staff)
}
