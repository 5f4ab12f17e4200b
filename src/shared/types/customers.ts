/** Customers: the profile, its consents, and the carts and wishlists every channel fills. */
import type { BaseDoc, Channel, ConsentChannel, Language, Tier } from './base'

export interface Consent {
  granted: boolean
  /** When it was captured: the latest capture wins a merge. */
  capturedAt: string
  /** associate id, or 'customer' when the customer gave it on the web or app */
  capturedBy: string
  /** where: a store id, or the channel ('web', 'app') */
  source: string
  /** the version of the consent text the customer saw */
  textVersion: string
}

export interface CustomerPreferences {
  /** size per category, e.g. { shoes: '39', tops: 'M' } */
  sizes: Record<string, string>
  brands: string[]
  categories: string[]
  colours: string[]
}

/** A birthday without the year: what a greeting needs, and less than a birth date says. */
export interface Birthday { month: number, day: number }

/** An associate who looks after a customer at one store: the primary first, then a secondary. */
export interface Advisor {
  storeId: string
  associateId: string
  role: 'primary' | 'secondary'
  /** who set it (the associate for a new relationship, a manager otherwise) and when */
  setBy: string
  setAt: string
}

export interface CustomerDoc extends BaseDoc {
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  language: Language
  loyaltyId: string | null
  tier: Tier
  homeStoreId: string | null
  preferences: CustomerPreferences
  consents: Partial<Record<ConsentChannel, Consent>>
  tags: string[]
  /** Server-computed from orders; a device never changes it. */
  lifetimeValueMinor: number
  /**
   * Version 5: how many purchases, counted by the server like the lifetime value — over all of
   * the history, of which a tablet holds only its window. Absent until the server counts them.
   */
  orderCount?: number | null
  currency: string
  createdAt: string
  /** Derived search keys (see shared/search.ts): both sides compute them the same way. */
  nameKey: string
  nameKeyAlt: string
  emailKey: string
  phoneKey: string
  loyaltyKey: string
  /** On the tombstone of a customer merged into another: the survivor's id (server-written). */
  mergedInto?: string | null
  /**
   * Contacts a merge would otherwise have dropped: the other profile's e-mail or phone when
   * the survivor had its own (server-written; absent or null when there are none).
   */
  otherContacts?: OtherContact[] | null
  /** version 3: day and month, given by the customer (absent or null when not given) */
  birthday?: Birthday | null
  /** version 3: who looks after them, per store (absent or null: nobody yet) */
  advisors?: Advisor[] | null
  /** version 4: the birthday as 'MM-DD' ('' without one), derived like the search keys */
  birthdayKey: string
}

export interface OtherContact {
  kind: 'email' | 'phone'
  value: string
  /** the profile it came from, and when it joined this one */
  fromCustomerId: string
  addedAt: string
}

export interface CartItem {
  sku: string
  /** '' for one-size products */
  size: string
  qty: number
  addedAt: string
  channel: Channel
  /** associate id, or 'customer' */
  addedBy: string
}

export interface CartDoc extends BaseDoc {
  /** equal to the customer's id: one cart per customer */
  customerId: string
  items: CartItem[]
}

export type WishlistDoc = CartDoc
