/** What happens in store and online: orders, visits and what happened in them. */
import type { BaseDoc, Channel, Language } from './base'

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
  /** version 2: a note shared beyond the store (the central profile, the contact centre); absent: private */
  shared?: boolean
  /** version 3: a note from another touchpoint (the API's notes:write); its visitId is then `touchpoint` and no visit */
  source?: NoteSource
}

export const NOTE_SOURCES = ['contact-centre', 'web', 'app', 'email'] as const
export type NoteSource = typeof NOTE_SOURCES[number]
