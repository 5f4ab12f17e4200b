/**
 * An appointment's e-mails to the customer, each exactly once: the confirmation with its
 * calendar invite, a new invite for each new time (its sequence), the cancellation, and two
 * reminders (the day before, an hour before). A row of `appointment_outbox` is keyed by
 * appointment, kind and sequence, written in the push's transaction (or by the reminder pass,
 * in its own); a push replayed or a server restarted finds the row already there. The shared
 * outbox worker sends them (claim with a lease, send with no transaction open, back off).
 *
 * These e-mails are transactional: they go to the customer's address without marketing
 * consent. A reminder or an invite that is no longer true when its turn comes (the appointment
 * was cancelled or moved meanwhile) is not sent.
 */
import type { AppointmentDoc, CustomerDoc, StoreDoc } from '../../src/shared/types'
import type { OutboxRow } from '../jobs/outbox-worker'
import type { MailTransport } from '../mail/transport'
import type { Database, Sql } from '../storage/db'
import type { AnyDoc, Writer } from '../storage/writer'
import type { MailKind } from './render'
import { GiveUp, startOutboxWorker } from '../jobs/outbox-worker'
import { linkKey, signLink } from '../outreach/links'
import { loadDocs } from '../storage/writer'
import { buildInvite } from './ics'
import { renderAppointmentMail } from './render'

const moved = (a: AnyDoc, b: AnyDoc) => a.start !== b.start || a.end !== b.end

/** What a push of appointments owes the customer: an invite, a new one, or a cancellation. */
export async function queueAppointmentMail(w: Writer, docs: AnyDoc[], masters: Map<string, AnyDoc>): Promise<void> {
  const rows = docs.flatMap((doc) => {
    const master = masters.get(doc.id)
    const kind: MailKind | null = doc.status === 'cancelled'
      ? (master && master.status !== 'cancelled' ? 'cancel' : null)
      : doc.status === 'booked' && (!master || moved(master, doc)) ? 'request' : null
    return kind ? [{ id: `${doc.id}:${kind}:${String(doc.sequence)}`, a: doc.id, k: kind, s: Number(doc.sequence) }] : []
  })
  if (rows.length)
    await enqueue(w, rows)
}

async function enqueue(sql: Pick<Sql, 'query'>, rows: { id: string, a: string, k: MailKind, s: number }[]): Promise<number> {
  const { rows: added } = await sql.query<{ id: string }>(`
    INSERT INTO appointment_outbox (id, appointment_id, kind, sequence)
    SELECT r->>'id', r->>'a', r->>'k', (r->>'s')::int FROM jsonb_array_elements($1::jsonb) r
    ON CONFLICT (id) DO NOTHING RETURNING id`, [JSON.stringify(rows)])
  return added.length
}

const HOUR_MS = 3_600_000

/**
 * The reminders due at `now`: the day before (an appointment within 24 hours that was booked
 * more than a day ahead) and an hour before (within the hour, booked more than an hour ahead).
 */
export async function queueReminders(db: Database, now = new Date()): Promise<number> {
  const { rows } = await db.query<{ id: string, start: string, created: string, sequence: number }>(`
    SELECT id, data->>'start' AS start, data->>'createdAt' AS created, (data->>'sequence')::int AS sequence
    FROM docs WHERE collection = 'appointments' AND NOT deleted AND data->>'status' = 'booked'
      AND data->>'start' > $1 AND data->>'start' <= $2`, [now.toISOString(), new Date(now.getTime() + 24 * HOUR_MS).toISOString()])
  const due = rows.flatMap((r) => {
    const lead = Date.parse(r.start) - Date.parse(r.created)
    const left = Date.parse(r.start) - now.getTime()
    const kinds: MailKind[] = [...(lead > 24 * HOUR_MS ? ['reminder-day' as const] : []), ...(left <= HOUR_MS && lead > HOUR_MS ? ['reminder-hour' as const] : [])]
    return kinds.map(k => ({ id: `${r.id}:${k}:${r.sequence}`, a: r.id, k, s: r.sequence }))
  })
  return due.length ? enqueue(db, due) : 0
}

export interface AppointmentMailerOptions {
  db: Database
  transport: MailTransport
  from: string
  /** where the appointment's own page is served (links in the e-mails) */
  publicUrl: string
  intervalMs?: number
  onError?: (error: unknown) => void
}

export interface AppointmentMailer {
  /** queues the reminders due now, then sends what is due */
  flush: (now?: Date) => Promise<number>
  stop: () => Promise<void>
}

interface Row extends OutboxRow { appointment_id: string, kind: MailKind, sequence: number }

export const appointmentMessageId = (rowId: string) => `<appointment-${rowId.replace(/:/g, '-')}@clienteling>`

export function startAppointmentMailer(options: AppointmentMailerOptions): AppointmentMailer {
  const { db, transport, from, publicUrl } = options
  const one = async <T>(collection: 'appointments' | 'customers' | 'stores' | 'associates', id: string) => (await loadDocs(db, collection, [id])).get(id) as unknown as T | undefined

  async function compose(row: Row) {
    const appointment = await one<AppointmentDoc>('appointments', row.appointment_id)
    if (!appointment)
      throw new GiveUp('the appointment is gone')
    const current = row.kind === 'cancel' ? appointment.status === 'cancelled' : appointment.status === 'booked' && appointment.sequence === row.sequence
    if (!current)
      throw new GiveUp('the appointment changed before this e-mail was sent')
    const customer = await one<CustomerDoc & { _deleted?: boolean }>('customers', appointment.customerId)
    if (!customer || customer._deleted || !customer.email)
      throw new GiveUp('the customer has no e-mail address')
    const store = await one<StoreDoc>('stores', appointment.storeId)
    const associate = await one<{ displayName: string }>('associates', appointment.associateId)
    const timeZone = store?.timezone || 'Europe/Rome'
    const manageUrl = row.kind === 'cancel' ? undefined : `${publicUrl}/a/${signLink(await linkKey(db), { k: 'a', a: appointment.id })}?lang=${customer.language}`
    const rendered = renderAppointmentMail({ kind: row.kind, language: customer.language, appointment, customerName: customer.firstName, associateName: associate?.displayName.split(' ')[0] ?? '', store, timeZone, manageUrl })
    const calendar = row.kind === 'request' || row.kind === 'cancel'
      ? {
          method: row.kind === 'cancel' ? 'CANCEL' as const : 'REQUEST' as const,
          content: buildInvite({
            method: row.kind === 'cancel' ? 'CANCEL' : 'REQUEST',
            uid: `${appointment.id}@clienteling`,
            sequence: appointment.sequence,
            start: appointment.start,
            end: appointment.end,
            timeZone,
            summary: rendered.summary,
            description: rendered.description,
            location: store ? `${store.name}, ${store.address.line1}, ${store.address.postalCode} ${store.address.city}` : '',
            organizer: { name: store?.name ?? '', email: store?.email || from.replace(/^.*</, '').replace(/>.*$/, '') },
            attendee: { name: `${customer.firstName} ${customer.lastName}`.trim(), email: customer.email },
            stamp: new Date().toISOString(),
          }),
        }
      : undefined
    return { to: customer.email, language: customer.language, rendered, calendar }
  }

  const worker = startOutboxWorker<Row>({
    db,
    table: 'appointment_outbox',
    doneColumn: 'sent_at',
    columns: ['appointment_id', 'kind', 'sequence'],
    orderBy: 'o.next_attempt_at, o.id',
    delivery: 'serial',
    deliver: async (row) => {
      const mail = await compose(row)
      await transport.send({ from, to: mail.to, subject: mail.rendered.subject, html: mail.rendered.html, text: mail.rendered.text, messageId: appointmentMessageId(row.id), language: mail.language, ...(mail.calendar ? { calendar: mail.calendar } : {}) })
    },
    intervalMs: options.intervalMs ?? 1000,
    maxBackoffMs: 10 * 60_000,
    leaseMs: 60_000,
    batchSize: 10,
    giveUpAfterMs: 24 * 60 * 60_000,
    retentionMs: 30 * 86_400_000,
    pruneIntervalMs: 3_600_000,
    onError: options.onError ?? (() => {}),
  })
  const reminders = setInterval(() => {
    queueReminders(db).catch(options.onError ?? (() => {}))
  }, options.intervalMs ?? 1000)
  reminders.unref()

  return {
    flush: async (now?: Date) => {
      await queueReminders(db, now)
      return worker.flush()
    },
    stop: async () => {
      clearInterval(reminders)
      await worker.stop()
      transport.close()
    },
  }
}
