/**
 * The replication contract between tablet and sync-server (see docs/DESIGN.md).
 * The checkpoint is the server's and opaque to the client: a position in the server's
 * change sequence (seq) plus the id of the last document at that position, because a
 * customer who enters a store's book later brings several documents that share one
 * position. Order never comes from a device clock.
 */
import type { CollectionName, DocTypes, WithDeleted } from './types'

export interface Checkpoint {
  seq: number
  id: string
}

export interface PullResponse<T> {
  documents: WithDeleted<T>[]
  checkpoint: Checkpoint | null
}

export interface PushRow<T> {
  newDocumentState: WithDeleted<T>
  assumedMasterState: WithDeleted<T> | null
}

export interface StreamEvent<C extends CollectionName = CollectionName> {
  collection: C
  documents: WithDeleted<DocTypes[C]>[]
  checkpoint: Checkpoint
}

export interface EnrollRequest {
  code: string
  name: string
}

export interface EnrollResponse {
  deviceId: string
  token: string
  storeId: string
  /** the store's book key, for the first download only: the tablet keeps it in memory until then */
  bookKey: BookKeyResponse
}

/** POST /api/book-key and enrollment: the raw key, base64. */
export interface BookKeyResponse {
  keyId: string
  key: string
}

export type CommerceEventType
  = | 'customer.upserted'
    | 'cart.updated'
    | 'wishlist.updated'
    | 'order.created'
    | 'product.upserted'
    | 'inventory.updated'
    | 'customer.erased'

/** The profile fields the e-commerce platform and the stores exchange (in `customer.upserted`, both ways). */
export const WEB_CUSTOMER_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'language', 'loyaltyId', 'tier', 'homeStoreId', 'preferences', 'consents', 'tags', 'createdAt'] as const

export interface CommerceEvent {
  id: string
  type: CommerceEventType
  occurredAt: string
  data: Record<string, unknown>
}

/**
 * Why an associate pins a customer of another store (or of none: a web shopper) into their
 * store's book. A closed list: the pin is shown to the managers of both stores, and free
 * text there would be one more place for personal data.
 */
export const PIN_REASONS = ['visiting', 'moved', 'customer-request', 'appointment'] as const
export type PinReason = typeof PIN_REASONS[number]

/** A pin as the managers of both stores see it (GET /api/pins). */
export interface StorePin {
  id: string
  at: string
  customerId: string
  customerName: string
  /** the customer's home store when pinned; null for a customer of no store */
  fromStoreId: string | null
  toStoreId: string
  associateId: string
  associateName: string | null
  reason: PinReason | 'home-store'
}

/**
 * A customer of the store's own book as the server finds them for a new tablet whose first
 * download has not brought the customers yet: what the lookup's list shows of a local one.
 */
export type BookSearchHit = Pick<DocTypes['customers'], 'id' | 'firstName' | 'lastName' | 'email' | 'phone' | 'loyaltyId' | 'tier' | 'homeStoreId' | 'nameKey' | 'nameKeyAlt'>

export interface CustomerSearchHit {
  id: string
  firstName: string
  lastName: string
  /** masked, e.g. m•••@example.com */
  email: string | null
  /** last digits only */
  phone: string | null
  loyaltyId: string | null
  homeStoreId: string | null
  inBook: boolean
}

export const DEFAULT_PULL_LIMIT = 500
export const MAX_PULL_LIMIT = 2000
export const MAX_PUSH_ROWS = 500

export function parseCheckpoint(raw: string | undefined | null): Checkpoint | null {
  if (!raw)
    return null
  const value: unknown = JSON.parse(raw)
  if (value === null)
    return null
  if (typeof value !== 'object' || typeof (value as Checkpoint).seq !== 'number' || typeof (value as Checkpoint).id !== 'string')
    throw new TypeError('checkpoint must be {"seq": number, "id": string}')
  const { seq, id } = value as Checkpoint
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw new TypeError('checkpoint seq must be a non-negative integer')
  return { seq, id }
}
