import { arrayOf, collectionSchema, enumOf, id, int, iso, nullableIso, nullableStr, str } from './common'

export const outreachSchema = collectionSchema('outreach', {
  storeId: id(),
  customerId: id(),
  associateId: id(),
  channel: enumOf(['email', 'sms', 'whatsapp']),
  source: enumOf(['task', 'profile', 'visit']),
  taskId: nullableStr(200),
  template: nullableStr(64),
  language: enumOf(['it', 'en']),
  subject: str(200),
  body: str(2000),
  products: arrayOf(str(64, { minLength: 1 }), { maxItems: 12 }),
  at: iso(),
  status: enumOf(['queued', 'sent', 'failed', 'logged']),
  reason: nullableStr(500),
  sentAt: nullableIso(),
  clicks: int(0, 1_000_000),
}, { indexes: ['at'] })
