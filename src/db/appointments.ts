/**
 * The store's appointments on the tablet: booked, moved, cancelled, arrived, missed — each
 * written to the local database first and replicated like any other change, so a calendar
 * kept with the Wi-Fi down loses nothing. A change of time raises the invite's sequence
 * (the customer gets a new invite); the server merges two tablets' changes field by field.
 */
import type { Observable } from 'rxjs'
import type { AppointmentDoc, AppointmentPurpose, PreparedProduct } from '../shared/types'
import type { ClientelingDatabase } from './types'
import type { CalendarEntry } from '../models/appointments'
import { from, map, switchMap } from 'rxjs'
import { monotonicFactory } from 'ulid'
import { getAppDatabase } from './app-database'

const ulid = monotonicFactory()
const json = (docs: { toJSON: () => unknown }[]) => docs.map(d => d.toJSON() as AppointmentDoc)

export interface BookInput {
  storeId: string
  customerId: string
  associateId: string
  purpose: AppointmentPurpose
  start: string
  end: string
  notes: string
  products: PreparedProduct[]
  /** the associate at the tablet */
  createdBy: string
}

export type AppointmentChange
  = | { kind: 'move', associateId: string, start: string, end: string }
    | { kind: 'details', purpose: AppointmentPurpose, notes: string, products: PreparedProduct[] }
    | { kind: 'cancel', reason: NonNullable<AppointmentDoc['cancelReason']> }
    | { kind: 'no-show' }

async function database(db?: ClientelingDatabase): Promise<ClientelingDatabase> {
  return db ?? getAppDatabase()
}

export async function bookAppointment(input: BookInput, db?: ClientelingDatabase): Promise<AppointmentDoc> {
  const now = new Date().toISOString()
  const doc: AppointmentDoc = {
    id: ulid(),
    updatedAt: now,
    ...input,
    notes: input.notes.trim(),
    status: 'booked',
    cancelReason: null,
    visitId: null,
    source: 'tablet',
    createdAt: now,
    sequence: 0,
    overlaps: [],
  }
  await (await database(db)).appointments.insert(doc)
  return doc
}

/** What a change does to the document: pure, so the rules read in one place. */
export function applyChange(doc: AppointmentDoc, change: AppointmentChange, now: string): AppointmentDoc {
  switch (change.kind) {
    case 'move': {
      const moved = change.start !== doc.start || change.end !== doc.end
      return { ...doc, associateId: change.associateId, start: change.start, end: change.end, sequence: moved ? doc.sequence + 1 : doc.sequence, status: 'booked', cancelReason: null, updatedAt: now }
    }
    case 'details':
      return { ...doc, purpose: change.purpose, notes: change.notes.trim(), products: change.products, updatedAt: now }
    case 'cancel':
      return { ...doc, status: 'cancelled', cancelReason: change.reason, updatedAt: now }
    case 'no-show':
      return { ...doc, status: 'no-show', updatedAt: now }
  }
}

export async function changeAppointment(id: string, change: AppointmentChange, db?: ClientelingDatabase): Promise<AppointmentDoc> {
  const doc = await (await database(db)).appointments.findOne(id).exec()
  if (!doc)
    throw new Error('This appointment is not on this tablet.')
  const changed = await doc.incrementalModify(d => applyChange(d as AppointmentDoc, change, new Date().toISOString()) as typeof d)
  return changed.toJSON() as AppointmentDoc
}

/**
 * The customer arrived: the appointment is linked to the visit started for them (the visit is
 * written first — should this write fail, the visit is still there, never lost).
 */
export async function markArrived(id: string, visitId: string, db?: ClientelingDatabase): Promise<void> {
  const doc = await (await database(db)).appointments.findOne(id).exec()
  if (!doc)
    throw new Error('This appointment is not on this tablet.')
  await doc.incrementalModify(d => ({ ...d, status: 'arrived', visitId, updatedAt: new Date().toISOString() }))
}

/** The entries with their customers' names, again whenever one of those customers changes (or first arrives). */
function withNames(db: ClientelingDatabase, docs: AppointmentDoc[]): Observable<CalendarEntry[]> {
  return db.customers.findByIds([...new Set(docs.map(d => d.customerId))]).$.pipe(map(customers => docs.map((appointment) => {
    const c = customers.get(appointment.customerId)
    return { appointment, customerName: c ? `${c.firstName} ${c.lastName}`.trim() : null }
  })))
}

/** The store's appointments starting in [from, to), live (any tablet's, the web's), by start. */
export function watchStoreAppointments(storeId: string, fromIso: string, toIso: string): Observable<CalendarEntry[]> {
  return from(getAppDatabase()).pipe(
    switchMap(db => db.appointments.find({ selector: { start: { $gte: fromIso, $lt: toIso } }, sort: [{ start: 'asc' }] }).$.pipe(
      map(docs => json(docs).filter(d => d.storeId === storeId)),
      switchMap(docs => withNames(db, docs)),
    )),
  )
}

/** A customer's appointments (every store's this tablet holds), newest start first. */
export function watchCustomerAppointments(customerId: string): Observable<AppointmentDoc[]> {
  return from(getAppDatabase()).pipe(
    switchMap(db => db.appointments.find({ selector: { customerId } }).$),
    map(docs => json(docs).sort((a, b) => b.start.localeCompare(a.start))),
  )
}

/** The appointment a visit came from, if any (its prepared products are shown in the visit). */
export async function appointmentOfVisit(visitId: string, db?: ClientelingDatabase): Promise<AppointmentDoc | null> {
  const docs = await (await database(db)).appointments.find({ selector: { visitId } }).exec()
  return docs[0] ? docs[0].toJSON() as AppointmentDoc : null
}

export async function getAppointment(id: string, db?: ClientelingDatabase): Promise<AppointmentDoc | null> {
  const doc = await (await database(db)).appointments.findOne(id).exec()
  return doc ? doc.toJSON() as AppointmentDoc : null
}

/** One associate's appointments that day (busy times for the free slots), any status. */
export async function associateDay(associateId: string, fromIso: string, toIso: string, db?: ClientelingDatabase): Promise<AppointmentDoc[]> {
  const docs = await (await database(db)).appointments.find({ selector: { start: { $gte: fromIso, $lt: toIso } } }).exec()
  return json(docs).filter(d => d.associateId === associateId)
}
