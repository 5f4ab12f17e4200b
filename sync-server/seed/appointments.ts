/**
 * Demo appointments, so the calendar, Today and the appointment KPIs show something after
 * `npm start`. Three kinds, all derived from ids (no generator), so a reseed writes the same:
 * - what the past held: one store sale in five came by appointment (arrived, linked to the
 *   visit it became); a few more customers booked and did not come, or cancelled;
 * - what is coming: about one customer in eight of each store has an appointment from today
 *   to a week ahead, a third of them today, at a free slot of an associate chosen for the
 *   purpose (the same rules the tablet offers: src/domain/availability.ts);
 * - one double booking made offline at the Milano store today, already flagged, to resolve.
 */
import type { AppointmentDoc, AppointmentPurpose, CartDoc, CustomerDoc, VisitDoc } from '../../src/shared/types'
import { APPOINTMENT_PURPOSES } from '../../src/shared/types'
import { associateSlots, whoFor } from '../../src/domain/availability'
import { addDays, storeDay } from '../../src/domain/store-days'
import { DEMO_PINS, demoWeek } from './associates'
import { DAY, isoAt, MINUTE } from './random'
import { DEMO_STORES } from './stores'

const TZ = 'Europe/Rome'
const DAY_WEIGHTS = [0, 0, 0, 1, 1, 2, 3, 4, 5, 6]

function hashOf(id: string): number {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return h >>> 0
}

const staff = DEMO_PINS.map(p => ({ id: p.id, storeId: p.storeId, displayName: p.displayName, active: true, ...demoWeek(p.staffCode) }))

function appointment(fields: Pick<AppointmentDoc, 'id' | 'storeId' | 'customerId' | 'associateId' | 'purpose' | 'start' | 'end'> & Partial<AppointmentDoc>): AppointmentDoc {
  const h = hashOf(fields.id)
  const web = h % 3 === 0
  return {
    updatedAt: fields.start,
    notes: '',
    products: [],
    status: 'booked',
    cancelReason: null,
    visitId: null,
    source: web ? 'web' : 'tablet',
    createdBy: web ? 'customer' : fields.associateId,
    createdAt: isoAt(Date.parse(fields.start) - (2 + h % 10) * DAY),
    sequence: 0,
    overlaps: [],
    ...fields,
  }
}

const quarter = (ms: number) => Math.floor(ms / (15 * MINUTE)) * 15 * MINUTE

export function demoAppointments(data: { customers: readonly CustomerDoc[], wishlists: readonly CartDoc[] }, visits: readonly VisitDoc[], nowMs: number): AppointmentDoc[] {
  const { customers } = data
  const wishlists = new Map(data.wishlists.map(w => [w.customerId, w]))
  const out: AppointmentDoc[] = []
  // The past: store sales that came by appointment, arrived and linked to their visit.
  for (const v of visits) {
    if (!v.customerId || v.orderId === null || hashOf(`appt:${v.id}`) % 5 !== 0 || Date.parse(v.startedAt) > nowMs)
      continue
    const start = quarter(Date.parse(v.startedAt))
    const purpose = APPOINTMENT_PURPOSES[hashOf(v.id) % APPOINTMENT_PURPOSES.length]!
    out.push(appointment({ id: `ap-${v.id}`.slice(0, 64), storeId: v.storeId, customerId: v.customerId, associateId: v.associateId, purpose, start: isoAt(start), end: isoAt(start + 60 * MINUTE), status: 'arrived', visitId: v.id }))
  }
  const today = storeDay(new Date(nowMs), TZ)
  const booked = new Map<string, AppointmentDoc[]>()
  for (const c of customers) {
    const h = hashOf(`appt:${c.id}`)
    const store = DEMO_STORES.find(s => s.id === c.homeStoreId)
    if (!store?.hours || h % 8 !== 5)
      continue
    const purpose: AppointmentPurpose = APPOINTMENT_PURPOSES[(h >>> 4) % APPOINTMENT_PURPOSES.length]!
    const past = (h >>> 8) % 4 === 0
    const day = past ? addDays(today, -1 - (h >>> 10) % 20) : addDays(today, DAY_WEIGHTS[(h >>> 10) % DAY_WEIGHTS.length]!)
    const notBefore = new Date(Date.parse(`${day}T00:00:00Z`) - DAY)
    const duration = [30, 45, 60, 60, 90][(h >>> 14) % 5]!
    for (const who of whoFor(purpose, staff.filter(s => s.storeId === store.id)).slice(0, 2)) {
      const key = `${store.id}:${day}`
      const theirs = booked.get(key) ?? []
      const slots = associateSlots({ day, timeZone: TZ, durationMinutes: duration, stepMinutes: 30, notBefore, hours: store.hours, associate: who, appointments: theirs })
      const slot = slots[(h >>> 18) % Math.max(1, slots.length)]
      if (!slot)
        continue
      const status = past ? ((h >>> 20) % 2 ? 'no-show' : 'cancelled') : 'booked'
      const doc = appointment({
        id: `ap-${c.id}`.slice(0, 64),
        storeId: store.id,
        customerId: c.id,
        associateId: who.id,
        purpose,
        ...slot,
        status,
        cancelReason: status === 'cancelled' ? 'customer' : null,
        notes: past ? '' : NOTES[(h >>> 22) % NOTES.length]!,
        // "Pull these in her size before she comes": the first things on her wishlist.
        products: past ? [] : (wishlists.get(c.id)?.items ?? []).slice(0, 2).map(i => ({ sku: i.sku, size: i.size })),
      })
      theirs.push(doc)
      booked.set(key, theirs)
      out.push(doc)
      break
    }
  }
  return [...out, ...doubleBooking(customers, out, today)]
}

const NOTES = ['', '', 'Cerca un abito per un matrimonio a fine mese.', 'Preferisce i colori scuri.', 'Ritira l’orlo dei pantaloni.', '']

/** Two tablets offline booked Luca Ferrari at 17:00 today: both kept, each flagged with the other. */
function doubleBooking(customers: readonly CustomerDoc[], taken: readonly AppointmentDoc[], today: string): AppointmentDoc[] {
  const used = new Set(taken.map(a => a.customerId))
  const two = customers.filter(c => c.homeStoreId === 'store-milano-duomo' && !used.has(c.id)).slice(0, 2)
  const store = DEMO_STORES.find(s => s.id === 'store-milano-duomo')
  const luca = staff.find(s => s.id === 'assoc-mi-02')
  if (two.length < 2 || !store?.hours || !luca)
    return []
  const slot = associateSlots({ day: today, timeZone: TZ, durationMinutes: 45, stepMinutes: 30, notBefore: new Date(0), hours: store.hours, associate: luca, appointments: taken.filter(a => a.associateId === luca.id) }).at(-1)
  if (!slot)
    return []
  const ids = two.map(c => `ap-double-${c.id}`.slice(0, 64))
  return two.map((c, i) => appointment({ id: ids[i]!, storeId: store.id, customerId: c.id, associateId: luca.id, purpose: 'fitting', ...slot, source: 'tablet', createdBy: luca.id, overlaps: [ids[1 - i]!] }))
}
