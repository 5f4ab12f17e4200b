import { collectionSchema, enumOf, id, iso, nullableEnumOf, nullableStr, str } from './common'

export const taskSchema = collectionSchema('task', {
  // The task's key (storeId|kind|customerId|reason): longer than a ULID.
  id: str(200, { minLength: 1 }),
  storeId: id(),
  customerId: id(),
  // Version 1: 'price-drop'.
  kind: enumOf(['follow-up', 'cart-changed', 'back-in-stock', 'price-drop', 'birthday', 'lapsed', 'web-order']),
  reason: str(120, { minLength: 1 }),
  state: enumOf(['open', 'done', 'snoozed']),
  outcome: nullableEnumOf(['reached', 'no-answer', 'not-interested', 'visit-planned', 'other']),
  snoozedUntil: nullableStr(10),
  assignedTo: nullableStr(64),
  by: id(),
  at: iso(),
}, { indexes: ['customerId'], version: 1 })
