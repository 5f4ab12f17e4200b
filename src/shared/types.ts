/**
 * The replicated documents. Every document has a string `id`, an `updatedAt` for display
 * (never for ordering: the server's change sequence orders) and, on the wire, `_deleted`.
 * Money is always an integer in minor units (cents) with an ISO currency next to it.
 */

export type Channel = 'web' | 'app' | 'store'
export type Language = 'it' | 'en'
export type Role = 'associate' | 'manager'
export type ConsentChannel = 'email' | 'sms' | 'phone' | 'post'
export type Tier = 'member' | 'silver' | 'gold' | 'platinum'

export interface BaseDoc {
  id: string
  updatedAt: string
}

export type WithDeleted<T> = T & { _deleted: boolean }

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
}

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

export type PaymentMethod = 'card' | 'cash' | 'gift_card' | 'mixed' | 'online'
/** One of the ways a customer paid part of a mixed payment. */
export type SplitPaymentMethod = 'card' | 'cash' | 'gift_card'
export interface PaymentPart { method: SplitPaymentMethod, amountMinor: number }
export type ReceiptStatus = 'none' | 'queued' | 'sent' | 'failed'

/**
 * Why a store sale's line was discounted: management's closed list, checked by the server for
 * every store order (sync-server/sync/order-rules.ts). The order schema keeps the field free
 * text, because web orders carry the shop's own wording ("Codice WELCOME10").
 */
export const DISCOUNT_REASONS = ['damaged', 'price_match', 'loyalty_reward', 'staff', 'alteration', 'promotion'] as const
export type DiscountReason = typeof DISCOUNT_REASONS[number]

export interface OrderLine {
  sku: string
  name: string
  size: string
  qty: number
  unitPriceMinor: number
  discountMinor: number
  /** on a store order, one of DISCOUNT_REASONS; on a web order, the shop's own text */
  discountReason: string | null
  /** the manager who approved the discount on the tablet (absent on orders written before it existed) */
  discountApprovedBy?: string | null
  totalMinor: number
}

export interface Receipt {
  email: string | null
  language: Language
  status: ReceiptStatus
  reason: string | null
  sentAt: string | null
}

export interface OrderDoc extends BaseDoc {
  channel: Channel
  /** the store for store orders; null for web and app orders */
  storeId: string | null
  associateId: string | null
  customerId: string | null
  visitId: string | null
  placedAt: string
  currency: string
  lines: OrderLine[]
  subtotalMinor: number
  discountMinor: number
  vatRateBp: number
  vatMinor: number
  totalMinor: number
  paymentMethod: PaymentMethod
  /**
   * How a 'mixed' payment was split, adding up to the total (absent on other payments, and on
   * mixed sales placed before version 2 of the schema).
   */
  payments?: PaymentPart[]
  /** written by the server (outbox status); the rest of an order never changes once placed */
  receipt: Receipt
}

export type VisitOutcome = 'open' | 'purchase' | 'no_purchase' | 'follow_up'

export interface VisitDoc extends BaseDoc {
  storeId: string
  associateId: string
  /** null for a walk-in; may be linked to a customer later, once */
  customerId: string | null
  startedAt: string
  endedAt: string | null
  outcome: VisitOutcome
  orderId: string | null
  /** a manager's coaching comments, oldest first; added, never changed (optional: absent on older visits) */
  comments?: VisitComment[]
}

export interface VisitComment {
  id: string
  /** the manager's associate id */
  by: string
  at: string
  text: string
}

export type InteractionType
  = | 'note'
    | 'shown'
    | 'tried_on'
    | 'recommended'
    | 'added_to_cart'
    | 'added_to_wishlist'
    | 'purchase'
    | 'follow_up'

export interface InteractionDoc extends BaseDoc {
  visitId: string
  storeId: string
  customerId: string | null
  associateId: string
  type: InteractionType
  sku: string | null
  size: string | null
  text: string | null
  dueAt: string | null
  at: string
}

/** What brings a customer onto an associate's Today list (src/domain/today.ts derives them). */
export type TaskKind = 'follow-up' | 'cart-changed' | 'back-in-stock' | 'price-drop' | 'birthday' | 'lapsed' | 'web-order'
export type TaskOutcome = 'reached' | 'no-answer' | 'not-interested' | 'visit-planned' | 'other'

/**
 * The state of one Today task: tasks are derived on every tablet from the data it has; only
 * what people decided about one is written and replicated, so two tablets agree. The id is
 * the task's key (`storeId|kind|customerId|reason`), so both tablets write the same document.
 */
export interface TaskDoc extends BaseDoc {
  storeId: string
  customerId: string
  kind: TaskKind
  /** what makes the task this one: the follow-up's id, the order's id, the birthday's year, … */
  reason: string
  state: 'open' | 'done' | 'snoozed'
  outcome: TaskOutcome | null
  /** the store-time day it comes back, when snoozed */
  snoozedUntil: string | null
  /** set by a manager: the associate it now belongs to */
  assignedTo: string | null
  /** the associate who made the last decision, and when */
  by: string
  at: string
}

export type OutreachChannel = 'email' | 'sms' | 'whatsapp'
/**
 * 'queued' → 'sent' or 'failed' for an e-mail (the server sends it); 'logged' for an SMS or a
 * WhatsApp message the associate sent from the tablet's own app and confirmed.
 */
export type OutreachStatus = 'queued' | 'sent' | 'failed' | 'logged'

/**
 * A message to a customer from an associate: written on the tablet (offline too), never
 * changed after; the server writes how the sending went and counts the clicks.
 */
export interface OutreachDoc extends BaseDoc {
  storeId: string
  customerId: string
  associateId: string
  channel: OutreachChannel
  /** where the associate wrote it from */
  source: 'task' | 'profile' | 'visit'
  /** the Today task it answers, if any */
  taskId: string | null
  template: string | null
  language: Language
  /** e-mail only ('' otherwise) */
  subject: string
  body: string
  /** the products sent ("send a look"), by sku */
  products: string[]
  /** when the associate sent it */
  at: string
  status: OutreachStatus
  /** why it failed (server-written) */
  reason: string | null
  sentAt: string | null
  /** clicks on its product links (server-written) */
  clicks: number
}

export interface DocTypes {
  stores: StoreDoc
  associates: AssociateDoc
  products: ProductDoc
  inventory: InventoryDoc
  customers: CustomerDoc
  carts: CartDoc
  wishlists: WishlistDoc
  orders: OrderDoc
  visits: VisitDoc
  interactions: InteractionDoc
  tasks: TaskDoc
  outreach: OutreachDoc
}

export type CollectionName = keyof DocTypes
