/**
 * The JSON Schema (2020-12) of every outbound event a store fact makes, written to
 * docs/events/ by `npm run generate:event-schemas` (a test fails when those files are stale).
 * Built from the replicated schemas where the data is a document, so the two cannot drift.
 */
import { orderSchema } from '../../src/shared/schemas/activity'
import { arrayOf, enumOf, id, iso, nullableIso, nullableStr, obj, str } from '../../src/shared/schemas/common'

type Schema = Record<string, unknown>

const track = (event: string): Schema => ({
  type: 'array',
  description: 'The same fact as customer-data platforms name it (Segment e-commerce spec v2; RudderStack, PostHog)',
  items: { type: 'object', required: ['event', 'properties'], properties: { event: { const: event }, properties: { type: 'object' } } },
})

function envelope(type: string, description: string, data: Schema, trackEvent?: string): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://clienteling.example/events/${type}.schema.json`,
    title: type,
    description,
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'occurredAt', 'data', ...(trackEvent ? ['track'] : [])],
    properties: {
      id: { type: 'string', description: 'unique per fact; also sent as X-Event-Id, for deduplication' },
      type: { const: type },
      occurredAt: iso(),
      data,
      ...(trackEvent ? { track: track(trackEvent) } : {}),
    },
  }
}

const order = orderSchema as unknown as { properties: Record<string, Schema>, required: string[] }
const { receipt: _receipt, ...orderProperties } = order.properties
const item = obj({ sku: str(64), size: nullableStr(20), at: iso() })

export const EVENT_SCHEMAS: Record<string, Schema> = {
  'order.created': envelope('order.created', 'A sale made in a store (channel "store"), shaped as the platform\'s own order.created so the customer\'s web account can list it; without the receipt\'s sending state.', {
    type: 'object',
    additionalProperties: false,
    required: order.required.filter(k => k !== 'receipt'),
    properties: { ...orderProperties, channel: { const: 'store' } },
  }, 'Order Completed'),
  'visit.ended': envelope('visit.ended', 'A visit in a store has ended: who served the customer, how it ended, the products shown, tried on and recommended, and the notes the associate marked as shareable (private notes stay in the store).', obj({
    visitId: id(),
    storeId: id(),
    associateId: id(),
    customerId: nullableStr(64),
    startedAt: iso(),
    endedAt: nullableIso(),
    outcome: enumOf(['purchase', 'no_purchase', 'follow_up']),
    orderId: nullableStr(64),
    products: obj({ shown: arrayOf(item, { maxItems: 1000 }), triedOn: arrayOf(item, { maxItems: 1000 }), recommended: arrayOf(item, { maxItems: 1000 }) }),
    notes: arrayOf(obj({ text: str(4000), at: iso(), associateId: id() }), { maxItems: 1000 }),
  }) as Schema),
  'consent.changed': envelope('consent.changed', 'A customer gave or withdrew marketing consent for one channel in a store, with the capture record (when, by whom, where, which text).', obj({
    customerId: id(),
    channel: enumOf(['email', 'sms', 'phone', 'post']),
    consent: obj({ granted: { type: 'boolean' }, capturedAt: iso(), capturedBy: str(64), source: str(64), textVersion: str(64) }),
    storeId: id(),
  }) as Schema),
}
