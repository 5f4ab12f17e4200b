/**
 * The versioned API's request and response schemas, for Fastify (validation, serialisation)
 * and the OpenAPI document generated from them. The documents are the replicated collections'
 * own schemas, so the API describes exactly what the tablets hold.
 */
import { schemas } from '../../src/shared/schemas'
import { CUSTOMER_SEARCH_KEYS } from '../../src/shared/schemas/customers'

type Schema = Record<string, unknown>
const collection = (name: keyof typeof schemas) => schemas[name] as unknown as { properties: Record<string, Schema>, required: string[] }

/** A document schema as JSON Schema for the API: the replication's keywords left out. */
function documentOf(name: keyof typeof schemas, leaveOut: readonly string[] = []): Schema {
  const { properties, required } = collection(name)
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(properties).filter(([k]) => !leaveOut.includes(k))),
    required: required.filter(k => !leaveOut.includes(k)),
  }
}

const interaction = documentOf('interactions')
const items = (collection('carts').properties.items)
const error = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } } } },
}
const errors = {
  400: { description: 'The request breaks the route\'s schema', ...error },
  401: { description: 'No live API key', ...error },
  403: { description: 'The key lacks the scope', ...error },
}
const security = (scope: string) => [{ apiKey: [scope] }]
const PROFILE_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\w-]+$' } } }

export const PROFILE_ROUTE_SCHEMA = {
  tags: ['integrations'],
  summary: 'A customer\'s 360° profile, as a store\'s tablet holds it',
  description: 'Contact, consents, tier, lifetime value, preferences and sizes, tags; cart and wishlist; orders from every channel; visits with what happened in them (notes the associates kept private are left out); notes shared beyond the store. A merged-away id answers with the customer it was merged into. Scope: profiles:read. Each call is a profile view in the customer\'s access log, under the key\'s name.',
  security: security('profiles:read'),
  params: PROFILE_PARAMS,
  response: {
    200: {
      type: 'object',
      additionalProperties: false,
      required: ['customer', 'cart', 'wishlist', 'orders', 'visits', 'notes'],
      properties: {
        customer: documentOf('customers', CUSTOMER_SEARCH_KEYS),
        cart: items,
        wishlist: items,
        orders: { type: 'array', items: documentOf('orders') },
        visits: { type: 'array', items: { ...documentOf('visits'), properties: { ...(documentOf('visits').properties as object), interactions: { type: 'array', items: interaction } } } },
        notes: { type: 'array', items: interaction },
      },
    },
    ...errors,
    404: { description: 'No such customer', ...error },
  },
}

export const NOTE_ROUTE_SCHEMA = {
  tags: ['integrations'],
  summary: 'Add a note about a customer from another touchpoint',
  description: 'The note reaches the tablets of every store that knows the customer and shows its source (a contact centre, the web shop, the app, an e-mail). A merged-away id lands on the survivor. Scope: notes:write; the note is in the customer\'s access log under the key\'s name.',
  security: security('notes:write'),
  params: PROFILE_PARAMS,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: { text: { type: 'string', minLength: 1, maxLength: 2000 }, source: { type: 'string', enum: ['contact-centre', 'web', 'app', 'email'], default: 'contact-centre' } },
  },
  response: {
    201: { type: 'object', required: ['note'], properties: { note: interaction } },
    ...errors,
    404: { description: 'No such customer', ...error },
  },
}

export const LOOKUP_ROUTE_SCHEMA = {
  tags: ['integrations'],
  summary: 'Find customers by phone or e-mail (a contact centre\'s screen-pop)',
  description: 'Normalised as the tablet\'s lookup: "+39 333 123 4567", "333/1234567" and "3331234567" are one phone; an e-mail is found whatever its case. Scope: profiles:read; each customer found is a profile view by the key.',
  security: security('profiles:read'),
  querystring: { type: 'object', additionalProperties: false, properties: { phone: { type: 'string', minLength: 3, maxLength: 40 }, email: { type: 'string', minLength: 3, maxLength: 200 } } },
  response: {
    200: {
      type: 'object',
      required: ['customers'],
      properties: { customers: { type: 'array', items: { type: 'object', required: ['id', 'firstName', 'lastName', 'homeStoreId'], properties: { id: { type: 'string' }, firstName: { type: 'string' }, lastName: { type: 'string' }, homeStoreId: { type: ['string', 'null'] } } } } },
    },
    ...errors,
  },
}

const COMMERCE_EVENT = {
  type: 'object',
  required: ['id', 'type', 'occurredAt', 'data'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 128, description: 'unique per fact: a resent event is answered "duplicate" and changes nothing' },
    type: { type: 'string', enum: ['customer.upserted', 'cart.updated', 'wishlist.updated', 'order.created', 'product.upserted', 'inventory.updated', 'customer.erased'] },
    occurredAt: { type: 'string', format: 'date-time', description: 'when it happened on the platform: an older fact than the one held is answered "stale"' },
    data: { type: 'object', additionalProperties: true, description: 'the fact, as the commerce events of /api/commerce/events carry it (README, "Commerce events")' },
  },
}
const OUTCOME = { type: 'string', enum: ['applied', 'duplicate', 'stale', 'erased'] }

export const EVENTS_ROUTE_SCHEMA = {
  tags: ['integrations'],
  summary: 'Send the platform\'s commerce events: customers, carts, wishlists, orders, products, stock, erasures',
  description: 'The events /api/commerce/events takes with the shared secret\'s signature, here with an API key of scope events:write. One event is answered 202 with its outcome (a refusal is the request\'s error); an array of up to 1,000 is applied in one transaction, in its order, and answered 200 with one result per event — a refused event costs only itself. Each event applied is in its customer\'s access log under the key\'s name.',
  security: security('events:write'),
  body: { oneOf: [COMMERCE_EVENT, { type: 'array', items: { type: 'object' } }] },
  response: {
    200: {
      description: 'A batch: one result per event, in the batch\'s order',
      type: 'object',
      required: ['results'],
      properties: { results: { type: 'array', items: { type: 'object', required: ['id', 'outcome'], properties: { id: { type: ['string', 'null'] }, outcome: { type: 'string', enum: ['applied', 'duplicate', 'stale', 'erased', 'refused'] }, error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } } } } },
    },
    202: { description: 'One event, taken', type: 'object', required: ['id', 'outcome'], properties: { id: { type: 'string' }, outcome: OUTCOME } },
    ...errors,
  },
}
