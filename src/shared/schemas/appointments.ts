import { APPOINTMENT_PURPOSES } from '../types/appointments'
import { arrayOf, collectionSchema, enumOf, id, int, iso, nullableEnumOf, nullableStr, obj, str } from './common'

export const appointmentSchema = collectionSchema('appointment', {
  storeId: id(),
  customerId: id(),
  associateId: id(),
  purpose: enumOf(APPOINTMENT_PURPOSES),
  start: iso(),
  end: iso(),
  notes: str(1000),
  products: arrayOf(obj({ sku: str(64, { minLength: 1 }), size: str(20) }), { maxItems: 20 }),
  status: enumOf(['booked', 'arrived', 'no-show', 'cancelled']),
  cancelReason: nullableEnumOf(['customer', 'store', 'rescheduled-elsewhere', 'other']),
  visitId: nullableStr(64),
  source: enumOf(['tablet', 'web']),
  createdBy: id(),
  createdAt: iso(),
  sequence: int(0, 10_000),
  overlaps: arrayOf(id(), { maxItems: 50 }),
}, { indexes: ['start', 'customerId'] })
