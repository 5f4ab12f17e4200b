/**
 * The JSON Schema (2020-12) of every outbound event a store fact makes, written to
 * docs/events/ by `npm run generate:event-schemas` (a test fails when those files are stale).
 * Built from the replicated schemas where the data is a document, so the two cannot drift.
 */
import { appointmentSchema } from '../../src/shared/schemas/appointments'
import { orderSchema } from '../../src/shared/schemas/activity'
import { arrayOf, enumOf, id, iso, nullableIso, nullableStr, obj, str } from '../../src/shared/schemas/common'
import { cartSchema, customerSchema } from '../../src/shared/schemas/customers'
import { outreachSchema } from '../../src/shared/schemas/outreach'
import { WEB_CUSTOMER_FIELDS } from '../../src/shared/protocol'

type Schema = Record<string, unknown>

const track = (events: readonly string[]): Schema => ({
  type: 'array',
  description: 'The same fact as customer-data platforms name it (Segment e-commerce spec v2; RudderStack, PostHog)',
  items: { type: 'object', required: ['event', 'properties'], properties: { event: { enum: [...events] }, properties: { type: 'object' } } },
})

function envelope(type: string, description: string, data: Schema, trackEvents?: readonly string[]): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://clienteling.example/events/${type}.schema.json`,
    title: type,
    description,
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'occurredAt', 'data', ...(trackEvents ? ['track'] : [])],
    properties: {
      id: { type: 'string', description: 'unique per fact; also sent as X-Event-Id, for deduplication' },
      type: { const: type },
      occurredAt: iso(),
      data,
      ...(trackEvents ? { track: track(trackEvents) } : {}),
    },
  }
}

const order = orderSchema as unknown as { properties: Record<string, Schema>, required: string[] }
const { receipt: _receipt, ...orderProperties } = order.properties
const item = obj({ sku: str(64), size: nullableStr(20), at: iso() })
const props = <T>(schema: T) => (schema as unknown as { properties: Record<string, Schema> }).properties
const cartItems = props(cartSchema).items!
const customerFields = Object.fromEntries(WEB_CUSTOMER_FIELDS.map(f => [f, props(customerSchema)[f]!]))
const appointment = props(appointmentSchema)
const outreach = props(outreachSchema)

function itemList(type: 'cart.updated' | 'wishlist.updated', what: string, added: string, removed: string): Schema {
  return envelope(type, `The ${what} changed in a store: its whole new item list (as the platform sends its own view), the associates who added or changed store items ("store" when only removals), and each item added or removed as its "${added}" / "${removed}".`, {
    type: 'object',
    additionalProperties: false,
    required: ['customerId', 'items', 'changedBy', 'storeId'],
    properties: { customerId: id(), items: cartItems, changedBy: { oneOf: [{ type: 'array', items: id() }, { const: 'store' }] }, storeId: id() },
  }, [added, removed])
}

const APPOINTMENT_DATA = {
  type: 'object',
  additionalProperties: false,
  required: ['appointmentId', 'storeId', 'customerId', 'associateId', 'purpose', 'start', 'end', 'status', 'cancelReason', 'source', 'visitId', 'products'],
  properties: {
    appointmentId: id(),
    ...Object.fromEntries(['storeId', 'customerId', 'associateId', 'purpose', 'start', 'end', 'status', 'cancelReason', 'source', 'visitId'].map(k => [k, appointment[k]!])),
    products: { type: 'array', maxItems: 20, items: str(64), description: 'the skus the associate set aside for it' },
  },
}
const appointmentEvent = (type: string, description: string) => envelope(type, `${description} The appointment as it now stands: store, customer, associate, purpose, start and end (UTC), status; never the associate's preparation notes.`, APPOINTMENT_DATA)

export const EVENT_SCHEMAS: Record<string, Schema> = {
  'order.created': envelope('order.created', 'A sale made in a store (channel "store"), shaped as the platform\'s own order.created so the customer\'s web account can list it; without the receipt\'s sending state.', {
    type: 'object',
    additionalProperties: false,
    required: order.required.filter(k => k !== 'receipt'),
    properties: { ...orderProperties, channel: { const: 'store' } },
  }, ['Order Completed']),
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
  'consent.changed': envelope('consent.changed', 'A customer gave or withdrew marketing consent for one channel — in a store, or themselves with the unsubscribe link of an e-mail (storeId null) — with the capture record (when, by whom, where, which text).', obj({
    customerId: id(),
    channel: enumOf(['email', 'sms', 'phone', 'post']),
    consent: obj({ granted: { type: 'boolean' }, capturedAt: iso(), capturedBy: str(64), source: str(64), textVersion: str(64) }),
    storeId: nullableStr(64),
  }) as Schema),
  'cart.updated': itemList('cart.updated', 'customer\'s cart', 'Product Added', 'Product Removed'),
  'wishlist.updated': itemList('wishlist.updated', 'customer\'s wishlist', 'Product Added to Wishlist', 'Product Removed from Wishlist'),
  'customer.upserted': envelope('customer.upserted', 'A store created a customer or changed what the platform holds of them, in the shape the platform sends its own customer.upserted: contact, language, loyalty, tier, home store, preferences, consents, tags. Never the search keys or the lifetime value.', {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'changedBy', 'storeId'],
    properties: { id: id(), ...customerFields, changedBy: { const: 'store' }, storeId: id() },
  }),
  'customer.merged': envelope('customer.merged', 'Two profiles turned out to be one person (same e-mail or phone, or a manager decided): the merged-away id now answers with the survivor. The merged profile\'s cart and wishlist items moved to the survivor\'s.', {
    type: 'object',
    additionalProperties: false,
    required: ['survivorId', 'mergedId', 'reason', 'cartItems', 'wishlistItems'],
    properties: { survivorId: id(), mergedId: id(), reason: enumOf(['email', 'phone', 'manager']), cartItems: cartItems, wishlistItems: cartItems },
  }),
  'appointment.booked': appointmentEvent('appointment.booked', 'A customer has an appointment: booked on a store\'s tablet or by the customer on the public booking page (source).'),
  'appointment.moved': appointmentEvent('appointment.moved', 'An appointment moved to another time (by the store, or the customer from its page).'),
  'appointment.cancelled': appointmentEvent('appointment.cancelled', 'An appointment was cancelled (cancelReason says by whom or why).'),
  'appointment.updated': appointmentEvent('appointment.updated', 'The customer arrived (status arrived, with the visit it began) or did not come (no-show).'),
  'outreach.sent': envelope('outreach.sent', 'A message from a store reached the customer: an e-mail the server sent, or an SMS or WhatsApp the associate sent from the store\'s phone and logged. Its channel, subject and products; not its text.', {
    type: 'object',
    additionalProperties: false,
    required: ['outreachId', 'storeId', 'customerId', 'associateId', 'channel', 'subject', 'products', 'template', 'source', 'sentAt'],
    properties: {
      outreachId: id(),
      ...Object.fromEntries(['storeId', 'customerId', 'associateId', 'channel', 'subject', 'products', 'template', 'source'].map(k => [k, outreach[k]!])),
      sentAt: iso(),
    },
  }),
}
