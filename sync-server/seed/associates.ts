import type { AppointmentPurpose, AssociateDoc, Role } from '../../src/shared/types'
import { createHash } from 'node:crypto'
import type { Database } from '../storage/db'
import { ensureBookKeyWrap } from '../auth/book-keys'
import { DEFAULT_PIN_ITERATIONS, hashPin, PIN_SALT_BYTES } from '../auth/pin'
import { pinProblem } from '../../src/shared/pin-rules'
import { DEMO_CATALOG_DATE } from './stores'

export interface DemoPin {
  id: string
  storeId: string
  staffCode: string
  displayName: string
  role: Role
  pin: string
}

const ROSTER: { storeId: string, code: string, names: [string, string, string, string] }[] = [
  { storeId: 'store-milano-duomo', code: 'MI', names: ['Giulia Colombo', 'Luca Ferrari', 'Chiara Brambilla', 'Matteo Galli'] },
  { storeId: 'store-roma-condotti', code: 'RM', names: ['Francesca De Santis', 'Alessandro Ricci', 'Martina D\'Amico', 'Lorenzo Conti'] },
  { storeId: 'store-firenze-tornabuoni', code: 'FI', names: ['Niccolò Bartolini', 'Caterina Innocenti', 'Jacopo Mazzanti', 'Ginevra Lapini'] },
  { storeId: 'store-torino-roma', code: 'TO', names: ['Elena Bertolino', 'Davide Rinaldi', 'Federica Gallo', 'Simone Ferrero'] },
]

/**
 * The demo PIN rule: staff number 01 is the store manager, 02–04 are associates, and each
 * person's PIN is their two-digit staff number written twice (RM03 → 0303), three times for
 * a manager, whose PIN has six digits (MI01 → 010101; src/shared/pin-rules.ts).
 */
export const demoPinFor = (staffCode: string, role: Role = 'associate'): string => staffCode.slice(-2).repeat(role === 'manager' ? 3 : 2)

export const DEMO_PINS: DemoPin[] = ROSTER.flatMap(({ storeId, code, names }) => names.map((displayName, i) => {
  const number = String(i + 1).padStart(2, '0')
  const staffCode = `${code}${number}`
  const role: Role = i === 0 ? 'manager' : 'associate'
  return {
    id: `assoc-${code.toLowerCase()}-${number}`,
    storeId,
    staffCode,
    displayName,
    role,
    pin: demoPinFor(staffCode, role),
  }
}))

/** Associate ids per store, without hashing anything: customers and orders refer to them. */
export const ASSOCIATES_BY_STORE: ReadonlyMap<string, readonly string[]> = new Map(
  ROSTER.map(({ storeId }) => [storeId, DEMO_PINS.filter(p => p.storeId === storeId).map(p => p.id)]),
)

/** The store's manager, who approves the discounts of the demo's store sales. */
export function managerOf(storeId: string): string {
  const manager = DEMO_PINS.find(p => p.storeId === storeId && p.role === 'manager')
  if (!manager)
    throw new RangeError(`no demo manager for store ${storeId}`)
  return manager.id
}

/** Derived from the id rather than random, so reseeding writes the very same document. */
export const demoSaltFor = (id: string): Buffer =>
  createHash('sha256').update(`clienteling-demo-pin-salt:${id}`).digest().subarray(0, PIN_SALT_BYTES)

const SPECIALTIES: AppointmentPurpose[][] = [['styling', 'personal-shopping'], ['fitting', 'alterations'], ['bridal', 'styling'], ['menswear', 'fitting']]
const shift = (from: string, to: string) => [{ from, to }]

/**
 * Each associate's specialties (by position in the store's roster) and week: the manager Tuesday
 * to Saturday, the others in early and late shifts, one of them on Sundays too.
 */
export function demoWeek(staffCode: string): Pick<AssociateDoc, 'specialties' | 'workingHours'> {
  const n = Number(staffCode.slice(-2)) - 1
  const early = shift('09:30', '16:30')
  const late = shift('12:30', '19:30')
  const weeks: AssociateDoc['workingHours'][] = [
    { tue: late, wed: late, thu: late, fri: late, sat: late },
    { mon: early, tue: early, wed: early, thu: early, fri: early },
    { mon: late, tue: late, thu: late, sat: early, sun: shift('11:00', '19:00') },
    { wed: early, thu: early, fri: late, sat: late, sun: shift('11:00', '19:00') },
  ]
  return { specialties: SPECIALTIES[n % 4]!, workingHours: weeks[n % 4]! }
}

export async function demoAssociates(iterations = DEFAULT_PIN_ITERATIONS): Promise<AssociateDoc[]> {
  // pbkdf2 runs on libuv's thread pool: hashing all at once uses every core.
  for (const p of DEMO_PINS) {
    const problem = pinProblem(p.role, p.pin)
    if (problem)
      throw new Error(`${p.staffCode}: ${problem}`)
  }
  return Promise.all(DEMO_PINS.map(async p => ({
    id: p.id,
    updatedAt: DEMO_CATALOG_DATE,
    storeId: p.storeId,
    displayName: p.displayName,
    staffCode: p.staffCode,
    role: p.role,
    pin: await hashPin(p.pin, { iterations, salt: demoSaltFor(p.id) }),
    active: true,
    ...demoWeek(p.staffCode),
  })))
}

/** The demo associates' wraps of their store's book key, so they can sign in offline from the start. */
export async function wrapDemoBookKeys(db: Database): Promise<void> {
  await Promise.all(DEMO_PINS.map(p => ensureBookKeyWrap(db, p.id, p.pin)))
}
