/** Products as the visit, checkout and profile screens show them: with the stock that matters here. */
import type { ProductDoc } from '../shared/types'

export interface OtherStoreStock {
  storeId: string
  name: string
  onHand: number
}

export interface ProductHit {
  product: ProductDoc
  /** pieces on hand in this store; null when the tablet has no stock record */
  storeStock: number | null
  onlineStock: number | null
  /** the chain's other shops with stock records, most pieces first */
  otherStores: OtherStoreStock[]
}

/** The choices a profile form offers, from the catalogue on this tablet. */
export interface ProfileOptions {
  /** category → the sizes its products come in */
  sizes: Record<string, string[]>
  brands: string[]
  categories: string[]
  colours: string[]
}

/** A product a look could include, and why it is suggested. */
export interface LookProduct { sku: string, name: string, priceMinor: number, currency: string, imageUrl: string, why: 'wishlist' | 'cart' | 'tried' | 'recommended' }
