/**
 * What the customer's own pages do: offer a store's free times for a purpose, book one, and
 * cancel or move an appointment from the link in its e-mails. The slot rules are the
 * tablet's (src/domain/availability.ts); the web only adds a lead time (the store needs time
 * to prepare) and a horizon, and gives each time to the first associate free for it in the
 * order the tablet suggests (specialists first).
 *
 * A booking runs in one write transaction holding the locks of every associate it could be
 * given to, so two customers booking the last slot at once get it once: the second is told
 * the time was just taken. The person is matched to a customer by the identity rules (the
 * same e-mail or phone, by their search keys) or becomes a new one whose home is the store.
 * The page never shows who they were matched to; a consent ticked on the page is recorded
 * for a new profile, and for a known one only on a channel it has no decision on yet (a
 * stranger typing someone's address must not overturn what they said in store).
 */
import type { AppointmentDoc, AppointmentPurpose, AssociateDoc, ConsentChannel, CustomerDoc, Language, StoreDoc } from '../../src/shared/types'
import type { Database } from '../storage/db'
import type { AnyDoc, Writer } from '../storage/writer'
import { randomUUID } from 'node:crypto'
import { associateSlots, openRanges, PURPOSE_MINUTES, whoFor } from '../../src/domain/availability'
import { addDays, storeDay, storeInstant } from '../../src/domain/store-days'
import { CONSENT_TEXT_VERSION } from '../../src/domain/profile-edit'
import { isEmailAddress } from '../../src/shared/email'
import { AppError } from '../../src/shared/errors'
import { customerKeys } from '../../src/shared/search'
import { APPOINTMENT_PURPOSES } from '../../src/shared/types'
import { loadDocs, withWriter } from '../storage/writer'
import { queueAppointmentMail } from './mail'
import { queueRelationshipFacts } from '../outbound/outbox'

/** The store needs this long to prepare; the page offers nothing sooner. */
export const WEB_LEAD_MS = 2 * 3_600_000
/** How far ahead the page offers days. */
export const WEB_DAYS = 21
const STEP_MINUTES = 30

export interface WebSlot { start: string, end: string, associateId: string }

export const isPurpose = (value: unknown): value is AppointmentPurpose => (APPOINTMENT_PURPOSES as readonly unknown[]).includes(value)

/** The store's open days from today, up to the horizon. */
export function bookingDays(store: StoreDoc, now: Date): string[] {
  const tz = store.timezone || 'Europe/Rome'
  const today = storeDay(now, tz)
  return Array.from({ length: WEB_DAYS }, (_, i) => addDays(today, i)).filter(d => store.hours && openRanges(store.hours, d).length)
}

async function storeAssociates(sql: Pick<Writer, 'query'>, storeId: string): Promise<AssociateDoc[]> {
  const { rows } = await sql.query<{ data: AssociateDoc }>(`SELECT data FROM docs WHERE collection = 'associates' AND NOT deleted AND store_id = $1`, [storeId])
  return rows.map(r => r.data)
}

async function dayAppointments(sql: Pick<Writer, 'query'>, storeId: string, from: string, to: string): Promise<AppointmentDoc[]> {
  const { rows } = await sql.query<{ data: AppointmentDoc }>(`
    SELECT data FROM docs WHERE collection = 'appointments' AND NOT deleted AND store_id = $1 AND data->>'start' < $3 AND data->>'end' > $2`, [storeId, from, to])
  return rows.map(r => r.data)
}

/** Free times of a store day for a purpose, each given to the first associate free then. `except`: an appointment being moved. */
export async function webSlots(sql: Pick<Writer, 'query'>, store: StoreDoc, purpose: AppointmentPurpose, day: string, now: Date, except?: AppointmentDoc): Promise<WebSlot[]> {
  const tz = store.timezone || 'Europe/Rome'
  if (!store.hours || !bookingDays(store, now).includes(day))
    return []
  const from = storeInstant(day, '00:00', tz).toISOString()
  const to = storeInstant(addDays(day, 1), '00:00', tz).toISOString()
  const [staff, booked] = await Promise.all([storeAssociates(sql, store.id), dayAppointments(sql, store.id, from, to)])
  // Moving keeps the associate: the customer is moving their appointment, not choosing someone else.
  const people = except ? staff.filter(a => a.id === except.associateId) : whoFor(purpose, staff)
  const byStart = new Map<string, WebSlot>()
  for (const associate of people) {
    const slots = associateSlots({
      day,
      timeZone: tz,
      durationMinutes: PURPOSE_MINUTES[purpose],
      stepMinutes: STEP_MINUTES,
      notBefore: new Date(now.getTime() + WEB_LEAD_MS),
      hours: store.hours,
      associate,
      appointments: booked.filter(a => a.id !== except?.id),
    })
    for (const s of slots) {
      if (!byStart.has(s.start))
        byStart.set(s.start, { ...s, associateId: associate.id })
    }
  }
  return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start))
}

export interface WebBookingInput {
  storeId: string
  purpose: AppointmentPurpose
  start: string
  firstName: string
  lastName: string
  email: string
  phone: string
  language: Language
  consents: Partial<Record<ConsentChannel, boolean>>
}

/** Field → what is wrong with it (the page shows each next to its field). */
export type FieldProblems = Partial<Record<'purpose' | 'start' | 'firstName' | 'lastName' | 'contact' | 'email' | 'phone' | 'consent-email' | 'consent-sms', string>>

const NAME_MAX = 80

/** What is wrong with what was typed, before anything is read or written. */
export function bookingProblems(input: WebBookingInput): FieldProblems {
  const problems: FieldProblems = {}
  const email = input.email.trim()
  const phone = input.phone.trim()
  if (!isPurpose(input.purpose))
    problems.purpose = 'purpose'
  if (!input.start || Number.isNaN(Date.parse(input.start)))
    problems.start = 'start'
  if (!input.firstName.trim() || input.firstName.trim().length > NAME_MAX)
    problems.firstName = 'firstName'
  if (!input.lastName.trim() || input.lastName.trim().length > NAME_MAX)
    problems.lastName = 'lastName'
  if (!email && !phone)
    problems.contact = 'contact'
  if (email && !isEmailAddress(email))
    problems.email = 'email'
  if (phone && (customerKeys({ firstName: '', lastName: '', email: null, phone, loyaltyId: null }).phoneKey.length < 6 || phone.length > 30 || !/^[+\d][\d\s().-]*$/.test(phone)))
    problems.phone = 'phone'
  if (input.consents.email && !email)
    problems['consent-email'] = 'consent-email'
  if (input.consents.sms && !phone)
    problems['consent-sms'] = 'consent-sms'
  return problems
}

function consentsFor(given: WebBookingInput['consents'], existing: CustomerDoc['consents'], now: string): CustomerDoc['consents'] {
  const out: CustomerDoc['consents'] = { ...existing }
  for (const channel of ['email', 'sms'] as const) {
    if (given[channel] && !existing[channel])
      out[channel] = { granted: true, capturedAt: now, capturedBy: 'customer', source: 'booking-page', textVersion: CONSENT_TEXT_VERSION }
  }
  return out
}

/** The live customer with this e-mail or phone (the identity rules' strong match), oldest first. */
async function matchCustomer(w: Writer, email: string, phone: string): Promise<CustomerDoc | null> {
  const keys = customerKeys({ firstName: '', lastName: '', email: email || null, phone: phone || null, loyaltyId: null })
  const { rows } = await w.query<{ data: CustomerDoc }>(`
    SELECT data FROM docs WHERE collection = 'customers' AND NOT deleted
      AND (($1 <> '' AND data->>'emailKey' = $1) OR (length($2) >= 6 AND data->>'phoneKey' = $2))
    ORDER BY data->>'createdAt', id LIMIT 1`, [keys.emailKey, keys.phoneKey])
  return rows[0]?.data ?? null
}

/** Books the appointment; returns it. Throws `slot-taken` when someone else got the time first. */
export async function bookFromWeb(db: Database, store: StoreDoc, input: WebBookingInput, now = new Date()): Promise<AppointmentDoc> {
  const day = storeDay(input.start, store.timezone || 'Europe/Rome')
  const staff = await storeAssociates(db, store.id)
  return withWriter(db, async (w) => {
    await w.lock(staff.map(a => `appointments-of:${a.id}`).sort())
    const slot = (await webSlots(w, store, input.purpose, day, now)).find(s => s.start === input.start)
    if (!slot)
      throw new AppError('slot-taken', 'That time is no longer free: choose another.')
    const at = now.toISOString()
    const email = input.email.trim()
    const phone = input.phone.trim()
    let customer = await matchCustomer(w, email, phone)
    if (customer) {
      await w.lock([`customer:${customer.id}`])
      const consents = consentsFor(input.consents, customer.consents, at)
      if (JSON.stringify(consents) !== JSON.stringify(customer.consents)) {
        customer = { ...customer, consents, updatedAt: at }
        await w.write('customers', [customer as unknown as AnyDoc])
      }
    }
    else {
      const base = {
        id: `web-${randomUUID()}`,
        updatedAt: at,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        email: email || null,
        phone: phone || null,
        language: input.language,
        loyaltyId: null,
        tier: 'member' as const,
        homeStoreId: store.id,
        preferences: { sizes: {}, brands: [], categories: [], colours: [] },
        consents: consentsFor(input.consents, {}, at),
        tags: [],
        lifetimeValueMinor: 0,
        currency: store.currency,
        createdAt: at,
      }
      customer = { ...base, ...customerKeys(base) }
      await w.write('customers', [customer as unknown as AnyDoc])
    }
    const appointment: AppointmentDoc = {
      id: `web-${randomUUID()}`,
      updatedAt: at,
      storeId: store.id,
      customerId: customer.id,
      associateId: slot.associateId,
      purpose: input.purpose,
      start: slot.start,
      end: slot.end,
      notes: '',
      products: [],
      status: 'booked',
      cancelReason: null,
      visitId: null,
      source: 'web',
      createdBy: 'customer',
      createdAt: at,
      sequence: 0,
      overlaps: [],
    }
    await w.write('appointments', [appointment as unknown as AnyDoc])
    // The store's tablets need the profile to serve them (a known customer of another store too).
    await w.joinBook(store.id, [customer.id], 'booking')
    await queueAppointmentMail(w, [appointment as unknown as AnyDoc], new Map())
    await queueRelationshipFacts(w, 'appointments', [appointment as unknown as AnyDoc], new Map())
    return appointment
  })
}

export type ManageChange = { kind: 'cancel' } | { kind: 'move', start: string }

/**
 * The customer cancels or moves their appointment from its page. Only a booked appointment
 * still ahead can change; a move keeps the associate and must be one of the free times, and
 * raises the invite's sequence (a new invite goes out); a cancellation sends the CANCEL.
 */
export async function changeFromWeb(db: Database, appointmentId: string, change: ManageChange, now = new Date()): Promise<AppointmentDoc> {
  return withWriter(db, async (w) => {
    const current = (await w.load('appointments', [appointmentId])).get(appointmentId) as (AppointmentDoc & { _deleted?: boolean }) | undefined
    if (!current || current._deleted)
      throw new AppError('not-found', 'This appointment does not exist any more.')
    await w.lock([`appointments-of:${current.associateId}`])
    if (current.status !== 'booked' || Date.parse(current.start) <= now.getTime())
      throw new AppError('already-decided', 'This appointment can no longer be changed online: please call the store.')
    const at = now.toISOString()
    let next: AppointmentDoc
    if (change.kind === 'cancel') {
      next = { ...current, status: 'cancelled', cancelReason: 'customer', updatedAt: at }
    }
    else {
      const store = (await w.load('stores', [current.storeId])).get(current.storeId) as StoreDoc | undefined
      const day = storeDay(change.start, store?.timezone || 'Europe/Rome')
      const slot = store && (await webSlots(w, store, current.purpose, day, now, current)).find(s => s.start === change.start)
      if (!slot)
        throw new AppError('slot-taken', 'That time is no longer free: choose another.')
      next = { ...current, start: slot.start, end: slot.end, sequence: current.sequence + 1, updatedAt: at }
    }
    await w.write('appointments', [next as unknown as AnyDoc])
    const masters = new Map([[current.id, current as unknown as AnyDoc]])
    await queueAppointmentMail(w, [next as unknown as AnyDoc], masters)
    await queueRelationshipFacts(w, 'appointments', [next as unknown as AnyDoc], masters)
    return next
  })
}

export async function loadStore(db: Database, storeId: string): Promise<StoreDoc | null> {
  if (!/^[\w-]{1,64}$/.test(storeId))
    return null
  const store = (await loadDocs(db, 'stores', [storeId])).get(storeId) as (StoreDoc & { _deleted?: boolean }) | undefined
  return store && !store._deleted && store.kind === 'store' ? store : null
}
