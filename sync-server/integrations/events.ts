/**
 * Commerce events from an integration's API key (`POST /api/v1/events`, scope events:write):
 * the same events, rules and answers as the signed `/api/commerce/events` (COMMERCE_SECRET),
 * and each event applied is in its customer's access log under the key that sent it.
 */
import type { CommerceEventOutcome, CommerceEventResult } from '../../src/shared/endpoints'
import type { AuditAction, AuditEntry } from '../audit/log'
import type { Database } from '../storage/db'
import { recordAudit } from '../audit/log'
import { applyEvents, applySingleEvent } from '../commerce/batch'

const ACTION: Record<string, AuditAction> = {
  'customer.upserted': 'edit',
  'cart.updated': 'cart',
  'wishlist.updated': 'wishlist',
  'order.created': 'order',
  'customer.erased': 'erase',
}

/** The customer an event is about, if it is about one (products and stock are not). */
function customerOf(body: unknown): string | null {
  const { type, data } = (body ?? {}) as { type?: string, data?: Record<string, unknown> }
  const id = type === 'customer.upserted' ? data?.id : data?.customerId
  return typeof id === 'string' && id ? id : null
}

async function auditApplied(db: Database, apiKeyId: string, bodies: unknown[], results: CommerceEventResult[]): Promise<void> {
  const entries: AuditEntry[] = []
  results.forEach((result, i) => {
    const type = (bodies[i] as { type?: string }).type ?? ''
    const customerId = customerOf(bodies[i])
    if (result.outcome === 'applied' && customerId && ACTION[type])
      entries.push({ deviceId: null, associateId: null, apiKeyId, customerId, action: ACTION[type], detail: type })
  })
  await recordAudit(db, ...entries)
}

/** A batch (an array body): one result per event, in its order. */
export async function applyKeyEvents(db: Database, apiKeyId: string, bodies: unknown[]): Promise<CommerceEventResult[]> {
  const results = await applyEvents(db, bodies)
  await auditApplied(db, apiKeyId, bodies, results)
  return results
}

/** One event: its refusal is the request's error (commerce/batch.ts). */
export async function applyKeyEvent(db: Database, apiKeyId: string, body: unknown): Promise<{ id: string, outcome: CommerceEventOutcome }> {
  const result = await applySingleEvent(db, body)
  await auditApplied(db, apiKeyId, [body], [result])
  return result
}
