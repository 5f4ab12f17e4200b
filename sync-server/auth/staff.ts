/**
 * The store's staff, run by its manager: add a member (their first PIN typed by them on the
 * tablet, sent once, never shown or stored — only its PBKDF2 hash and their wrap of the store's
 * book key, so they sign in offline at once), deactivate (their sessions end at once; their
 * visits, sales and notes stay theirs), reactivate, and set a new PIN for someone who forgot
 * theirs. Every tablet of the store gets the change with the associate's document at its next
 * sync: the old PIN then opens nothing there either.
 */
import type { AppointmentPurpose, AssociateDoc, Role } from '../../src/shared/types'
import type { Database } from '../storage/db'
import type { AnyDoc } from '../storage/writer'
import { APPOINTMENT_PURPOSES } from '../../src/shared/types'
import { AppError } from '../../src/shared/errors'
import { pinProblem } from '../../src/shared/pin-rules'
import { newId } from '../core/ids'
import { loadDocs, withWriter } from '../storage/writer'
import { ensureBookKeyWrap } from './book-keys'
import { hashPin } from './pin'

export interface NewStaff { displayName: string, staffCode: string, role: Role, specialties: AppointmentPurpose[], pin: string }

const STAFF_CODE = /^[A-Z0-9]{2,12}$/

export function readNewStaff(body: unknown): NewStaff {
  const b = (body ?? {}) as Record<string, unknown>
  const displayName = typeof b.displayName === 'string' ? b.displayName.trim() : ''
  const staffCode = typeof b.staffCode === 'string' ? b.staffCode.trim().toUpperCase() : ''
  const role = b.role === 'manager' ? 'manager' : b.role === 'associate' ? 'associate' : null
  const specialties = Array.isArray(b.specialties) ? b.specialties : []
  if (!displayName || displayName.length > 80)
    throw new AppError('invalid-request', 'Give the new member of staff a name (80 characters at most).')
  if (!STAFF_CODE.test(staffCode))
    throw new AppError('invalid-request', 'A staff code is 2 to 12 letters and digits.')
  if (!role)
    throw new AppError('invalid-request', 'The role is associate or manager.')
  if (!specialties.every(s => (APPOINTMENT_PURPOSES as readonly unknown[]).includes(s)))
    throw new AppError('invalid-request', 'Specialties are kinds of appointment.')
  return { displayName, staffCode, role, specialties: specialties as AppointmentPurpose[], pin: readPin(b.pin, role) }
}

export function readPin(value: unknown, role: Role): string {
  const pin = typeof value === 'string' ? value : ''
  const problem = pinProblem(role, pin)
  if (problem)
    throw new AppError('pin-too-short', problem)
  return pin
}

export async function staffOf(db: Database, storeId: string): Promise<AssociateDoc[]> {
  const { rows } = await db.query<{ data: AssociateDoc }>(`SELECT data FROM docs WHERE collection = 'associates' AND NOT deleted AND store_id = $1`, [storeId])
  return rows.map(r => r.data)
}

export async function addStaff(db: Database, storeId: string, input: NewStaff, iterations: number): Promise<AssociateDoc> {
  if ((await staffOf(db, storeId)).some(a => a.staffCode.toUpperCase() === input.staffCode))
    throw new AppError('already-decided', `Staff code ${input.staffCode} is taken in this store.`)
  const now = new Date().toISOString()
  const associate: AssociateDoc = {
    id: newId(),
    updatedAt: now,
    storeId,
    displayName: input.displayName,
    staffCode: input.staffCode,
    role: input.role,
    pin: await hashPin(input.pin, { iterations }),
    active: true,
    specialties: input.specialties,
    workingHours: null,
  }
  await withWriter(db, w => w.write('associates', [associate as unknown as AnyDoc]))
  // Their wrap of the book key, so the tablets let them in offline from the first sync.
  await ensureBookKeyWrap(db, associate.id, input.pin)
  return (await loadDocs(db, 'associates', [associate.id])).get(associate.id) as unknown as AssociateDoc
}

async function change(db: Database, storeId: string, associateId: string, edit: (a: AssociateDoc) => AssociateDoc): Promise<AssociateDoc> {
  return withWriter(db, async (w) => {
    await w.lock([`associates:${associateId}`])
    const associate = (await w.load('associates', [associateId])).get(associateId) as AssociateDoc | undefined
    // Another store's member of staff is as unknown here as one that does not exist.
    if (!associate || associate.storeId !== storeId)
      throw new AppError('not-found', `There is no member of staff ${associateId} in this store.`)
    const next = { ...edit(associate), updatedAt: new Date().toISOString() }
    await w.write('associates', [next as unknown as AnyDoc])
    return next
  })
}

export async function endSessionsOf(db: Database, associateId: string): Promise<void> {
  await db.query('DELETE FROM associate_sessions WHERE associate_id = $1', [associateId])
}

export async function setActive(db: Database, storeId: string, associateId: string, active: boolean, by: string): Promise<AssociateDoc> {
  if (!active && associateId === by)
    throw new AppError('invalid-request', 'A manager cannot deactivate themselves: ask another manager or head office.')
  const done = await change(db, storeId, associateId, a => ({ ...a, active }))
  if (!active)
    await endSessionsOf(db, associateId)
  return done
}

export async function resetPin(db: Database, storeId: string, associateId: string, pin: string, iterations: number): Promise<AssociateDoc> {
  const current = (await loadDocs(db, 'associates', [associateId])).get(associateId) as AssociateDoc | undefined
  if (!current || current.storeId !== storeId)
    throw new AppError('not-found', `There is no member of staff ${associateId} in this store.`)
  readPin(pin, current.role)
  const hash = await hashPin(pin, { iterations })
  // The old wrap opened with the old PIN: it goes with it, and a new one is made for the new PIN.
  await change(db, storeId, associateId, a => ({ ...a, pin: hash, bookKey: null }))
  await endSessionsOf(db, associateId)
  await ensureBookKeyWrap(db, associateId, pin)
  return (await loadDocs(db, 'associates', [associateId])).get(associateId) as unknown as AssociateDoc
}
