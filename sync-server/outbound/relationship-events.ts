/**
 * The relationship between visits, as outbound events beside the store's facts (same outbox:
 * signed, `X-Event-Id`, in order per customer, at least once; JSON Schemas in docs/events/):
 * - an appointment booked (on a tablet or the public booking page), moved, cancelled, or the
 *   customer arrived or did not come: `appointment.booked` | `.moved` | `.cancelled` | `.updated`,
 *   each with the appointment as it now stands (never the associate's preparation notes);
 * - a message that reached the customer: `outreach.sent` when the server sent an e-mail, or
 *   when an associate logged an SMS or WhatsApp they sent from the store's phone — the
 *   channel, subject and products, not the text, which may say more than the central profile
 *   should keep.
 * Each is made from the write that changed the fact, so a replayed write sends nothing new.
 */
import type { AppointmentDoc, OutreachDoc } from '../../src/shared/types'
import type { StoreEvent } from './store-events'

export type AppointmentEventType = 'appointment.booked' | 'appointment.moved' | 'appointment.cancelled' | 'appointment.updated'
export type AppointmentEventData = Pick<AppointmentDoc, 'storeId' | 'customerId' | 'associateId' | 'purpose' | 'start' | 'end' | 'status' | 'cancelReason' | 'source' | 'visitId'> & { appointmentId: string, products: string[] }

/** What became of an appointment in one write, or null when nothing the customer would notice changed. */
function appointmentChange(previous: AppointmentDoc | null, next: AppointmentDoc): AppointmentEventType | null {
  if (!previous || previous.status === 'cancelled')
    return next.status === 'booked' ? 'appointment.booked' : null
  if (next.status === 'cancelled')
    return 'appointment.cancelled'
  if (previous.start !== next.start || previous.end !== next.end)
    return 'appointment.moved'
  return previous.status !== next.status ? 'appointment.updated' : null
}

export function appointmentEvent(previous: AppointmentDoc | null, next: AppointmentDoc & { _deleted?: boolean }, seq: string | number, occurredAt: string): StoreEvent<AppointmentEventType, AppointmentEventData> | null {
  const type = next._deleted ? null : appointmentChange(previous, next)
  if (!type)
    return null
  return {
    id: `clienteling:appointments:${next.id}:${String(seq)}`,
    type,
    occurredAt,
    data: {
      appointmentId: next.id,
      storeId: next.storeId,
      customerId: next.customerId,
      associateId: next.associateId,
      purpose: next.purpose,
      start: next.start,
      end: next.end,
      status: next.status,
      cancelReason: next.cancelReason,
      source: next.source,
      visitId: next.visitId,
      products: next.products.map(p => p.sku),
    },
  }
}

export type OutreachSentData = Pick<OutreachDoc, 'storeId' | 'customerId' | 'associateId' | 'channel' | 'subject' | 'products' | 'template' | 'source'> & { outreachId: string, sentAt: string }

/** `outreach.sent` once a message has reached the customer's inbox or phone: once per message. */
export function outreachSentEvent(previous: OutreachDoc | null, next: OutreachDoc, seq: string | number, occurredAt: string): StoreEvent<'outreach.sent', OutreachSentData> | null {
  const reached = (m: OutreachDoc | null) => m !== null && (m.status === 'sent' || m.status === 'logged')
  if (!reached(next) || reached(previous))
    return null
  return {
    id: `clienteling:outreach:${next.id}:${String(seq)}`,
    type: 'outreach.sent',
    occurredAt,
    data: {
      outreachId: next.id,
      storeId: next.storeId,
      customerId: next.customerId,
      associateId: next.associateId,
      channel: next.channel,
      subject: next.subject,
      products: next.products,
      template: next.template,
      source: next.source,
      sentAt: next.sentAt ?? next.at,
    },
  }
}
