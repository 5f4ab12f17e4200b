/** The relationship between visits: Today decisions and messages to customers. */
import type { BaseDoc, Language } from './base'

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
