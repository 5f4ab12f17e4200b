/**
 * What a tablet's change to a customer tells the e-commerce platform: a `customer.upserted`
 * with the same shape the platform sends us (the fields it knows: contact, language,
 * preferences, consents, tags…), never our derived search keys or the lifetime value. Only
 * a change to one of those fields is news; a push that changed nothing the platform holds
 * sends nothing.
 */
import { deepEqual } from '../../src/shared/equal'
import { WEB_CUSTOMER_FIELDS } from '../../src/shared/protocol'

export interface OutboundCustomerEvent {
  id: string
  type: 'customer.upserted'
  occurredAt: string
  data: Record<string, unknown> & { id: string, changedBy: string, storeId: string }
}

export function outboundCustomerEventFor(input: {
  previous: Record<string, unknown> | null
  next: Record<string, unknown> & { id: string }
  seq: string | number
  storeId: string
  occurredAt: string
}): OutboundCustomerEvent | null {
  const { previous, next, seq, storeId, occurredAt } = input
  if (previous && WEB_CUSTOMER_FIELDS.every(f => deepEqual(previous[f], next[f])))
    return null
  const fields = Object.fromEntries(WEB_CUSTOMER_FIELDS.map(f => [f, next[f]]))
  return {
    id: `clienteling:customers:${next.id}:${String(seq)}`,
    type: 'customer.upserted',
    occurredAt,
    data: { id: next.id, ...fields, changedBy: 'store', storeId },
  }
}
