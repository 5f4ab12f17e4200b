/** Appointments: booked on a tablet or by the customer on the store's booking page. */
import type { BaseDoc } from './base'

export const APPOINTMENT_PURPOSES = ['styling', 'fitting', 'alterations', 'personal-shopping', 'bridal', 'menswear'] as const
export type AppointmentPurpose = typeof APPOINTMENT_PURPOSES[number]
/** 'booked' until the customer arrives (a visit starts) or does not, or someone cancels it. */
export type AppointmentStatus = 'booked' | 'arrived' | 'no-show' | 'cancelled'

/** A product to have ready when the customer comes: "pull these in size 40 before she comes". */
export interface PreparedProduct { sku: string, size: string }

export interface AppointmentDoc extends BaseDoc {
  storeId: string
  customerId: string
  associateId: string
  purpose: AppointmentPurpose
  /** instants (ISO); the store's calendar shows them in its time zone */
  start: string
  end: string
  notes: string
  products: PreparedProduct[]
  status: AppointmentStatus
  /** why it was cancelled (a closed list keeps personal data out of it) */
  cancelReason: 'customer' | 'store' | 'rescheduled-elsewhere' | 'other' | null
  /** the visit it became, once the customer arrived */
  visitId: string | null
  source: 'tablet' | 'web'
  /** who booked it: an associate's id, or 'customer' from the booking page */
  createdBy: string
  createdAt: string
  /** raised on each change of time: the calendar invite's SEQUENCE */
  sequence: number
  /** server-written: the same associate's other appointments whose times overlap this one */
  overlaps: string[]
}
