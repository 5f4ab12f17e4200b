import { arrayOf, bool, collectionSchema, enumOf, id, int, iso, keysOf, nullableIso, nullableStr, obj, str } from './common'

const orderLineFields = {
  sku: str(64, { minLength: 1 }),
  name: str(200),
  size: str(20),
  qty: int(1, 999),
  unitPriceMinor: int(),
  discountMinor: int(),
  discountReason: nullableStr(100),
  totalMinor: int(),
}
// Version 1 added who approved a line's discount; lines written before (and web orders) have none.
const orderLine = obj({ ...orderLineFields, discountApprovedBy: nullableStr(64) }, keysOf(orderLineFields))

const orderFields = {
  channel: enumOf(['web', 'app', 'store']),
  storeId: nullableStr(64),
  associateId: nullableStr(64),
  customerId: nullableStr(64),
  visitId: nullableStr(64),
  placedAt: iso(),
  currency: str(3, { minLength: 3 }),
  lines: arrayOf(orderLine, { minItems: 1, maxItems: 200 }),
  subtotalMinor: int(),
  discountMinor: int(),
  vatRateBp: int(0, 10_000),
  vatMinor: int(),
  totalMinor: int(),
  paymentMethod: enumOf(['card', 'cash', 'gift_card', 'mixed', 'online']),
  // Version 2: how a mixed payment was split (src/domain/checkout.ts splitProblem).
  payments: arrayOf(obj({ method: enumOf(['card', 'cash', 'gift_card']), amountMinor: int(1) }), { minItems: 2, maxItems: 3 }),
  receipt: obj({
    email: nullableStr(200),
    language: enumOf(['it', 'en']),
    status: enumOf(['none', 'queued', 'sent', 'failed']),
    reason: nullableStr(500),
    sentAt: nullableIso(),
  }),
}
export const orderSchema = collectionSchema('order', orderFields, {
  required: ['id', 'updatedAt', ...keysOf(orderFields).filter((k): k is Exclude<typeof k, 'payments'> => k !== 'payments')],
  indexes: ['placedAt'],
  version: 2,
})

export const visitSchema = collectionSchema('visit', {
  storeId: id(),
  associateId: id(),
  customerId: nullableStr(64),
  startedAt: iso(),
  endedAt: nullableIso(),
  outcome: enumOf(['open', 'purchase', 'no_purchase', 'follow_up']),
  orderId: nullableStr(64),
  // A manager's coaching comments, part of the visit (docs/DESIGN.md: no collection of their own).
  comments: arrayOf(obj({ id: id(), by: id(), at: iso(), text: str(1000, { minLength: 1 }) }), { maxItems: 50 }),
}, {
  required: ['id', 'updatedAt', 'storeId', 'associateId', 'customerId', 'startedAt', 'endedAt', 'outcome', 'orderId'],
  indexes: ['startedAt'],
  version: 1,
})

export const interactionSchema = collectionSchema('interaction', {
  visitId: id(),
  storeId: id(),
  customerId: nullableStr(64),
  associateId: id(),
  type: enumOf(['note', 'shown', 'tried_on', 'recommended', 'added_to_cart', 'added_to_wishlist', 'purchase', 'follow_up']),
  sku: nullableStr(64),
  size: nullableStr(20),
  text: nullableStr(4000),
  dueAt: nullableIso(),
  at: iso(),
  // Version 2: a note the associate marked as shareable leaves the store (visit.ended); absent or false, it stays.
  shared: bool(),
  // Version 3: a note another touchpoint added through the API (absent: written in a store).
  source: enumOf(['contact-centre', 'web', 'app', 'email']),
// [type, at]: the manager's dashboard finds every follow-up without reading all interactions.
}, { required: ['id', 'updatedAt', 'visitId', 'storeId', 'customerId', 'associateId', 'type', 'sku', 'size', 'text', 'dueAt', 'at'], indexes: ['visitId', 'at', ['type', 'at']], version: 3 })
