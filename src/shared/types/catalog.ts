/** The store, its staff and what it sells: stores, associates, products, stock. */
import type { AppointmentPurpose } from './appointments'
import type { BaseDoc, Language, Role } from './base'

export interface Address {
  line1: string
  city: string
  postalCode: string
  province: string
  country: string
}

/**
 * A store's own settings, written by the server (the manager's settings screen); an absent
 * one takes its default (src/domain/store-settings.ts).
 */
export interface StoreSettings {
  /** a top client not seen for this many days appears on Today */
  lapsedDays?: number
  /** marketing e-mails wait outside these hours, store time ('HH:MM') */
  quietHours?: { from: string, to: string }
  /** marketing messages a customer receives from the store per week, at most */
  contactsPerWeek?: number
  /** days after an outreach within which an order with a product sent counts as influenced */
  attributionDays?: number
  /** version 4: minutes without a touch before the store's tablets lock themselves */
  inactivityMinutes?: number
}

export interface StoreDoc extends BaseDoc {
  name: string
  /** 'warehouse' is the online shop's stock, so web availability reads like a store's. */
  kind: 'store' | 'warehouse'
  address: Address
  timezone: string
  currency: string
  /** VAT in basis points: 2200 is 22 %. */
  vatRateBp: number
  phone: string
  email: string
  /** version 1 */
  settings?: StoreSettings | null
  /**
   * version 2: the store's message templates, as its manager wrote them — a built-in one
   * changed (same id) or a new one (absent or null: the built-in ones as they come).
   */
  templates?: StoreTemplate[] | null
  /** version 3: opening hours by weekday and the days that differ (absent: no appointments can be booked) */
  hours?: StoreHours | null
}

export interface StoreTemplate {
  /** a built-in template's id ('look', 'birthday', …) or the store's own ('custom-…') */
  id: string
  /** the store's own templates are named by the manager; a built-in keeps its name (null) */
  name: string | null
  subject: Record<Language, string>
  body: Record<Language, string>
  /** the manager who last changed it, and when (written by the server) */
  updatedBy: string
  updatedAt: string
}

export interface PinHash {
  algorithm: 'PBKDF2-SHA-256'
  iterations: number
  /** base64 */
  salt: string
  /** base64 of the 32-byte derived key */
  hash: string
}

/** The store's book key wrapped with an associate's PIN (src/shared/book-key.ts). */
export interface BookKeyWrap {
  keyId: string
  algorithm: 'PBKDF2-SHA-256/AES-256-GCM'
  iterations: number
  salt: string
  iv: string
  wrapped: string
}

export interface AssociateDoc extends BaseDoc {
  storeId: string
  displayName: string
  staffCode: string
  role: Role
  pin: PinHash
  active: boolean
  /** the store's book key wrapped with this associate's PIN (src/shared/book-key.ts), for offline sign-in */
  bookKey?: BookKeyWrap | null
  /** version 2: what they are booked for by preference (a purpose suggests who), and their week */
  specialties?: AppointmentPurpose[] | null
  /** version 2: weekday → working ranges ('HH:MM', store time); absent or null: the store's hours */
  workingHours?: WeeklyHours | null
}

export interface TimeRange { from: string, to: string }
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'
/** Weekday → open ranges ('HH:MM', store time); a weekday absent is closed. */
export type WeeklyHours = Partial<Record<Weekday, TimeRange[]>>
/** A day whose hours differ from the week's: a holiday ([]: closed), an early closing. */
export interface DayException { day: string, hours: TimeRange[] }
export interface StoreHours { weekly: WeeklyHours, exceptions: DayException[] }

export interface ProductDoc extends BaseDoc {
  sku: string
  name: string
  brand: string
  category: string
  priceMinor: number
  currency: string
  sizes: string[]
  colours: string[]
  barcodes: string[]
  imageUrl: string
  /** The product page on the web shop (receipts link to it). */
  url: string
  /** version 1: the price before its last change, and when it changed (server-written; absent or null: never changed) */
  previousPriceMinor?: number | null
  priceChangedAt?: string | null
}

export interface InventoryDoc extends BaseDoc {
  /** `${storeId}:${sku}` */
  storeId: string
  sku: string
  onHand: number
}
