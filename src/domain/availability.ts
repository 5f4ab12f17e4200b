/**
 * When an appointment can be booked: free slots of a store day, found in wall-clock time and
 * turned into instants at the end, so a daylight-saving day comes out right.
 *
 * 1. The day's open hours: the store's exception for that day if there is one (an empty list
 *    is a closed day), else its weekly hours for that weekday.
 * 2. Intersected with the associate's working hours for that weekday (none given: the store's
 *    hours are theirs).
 * 3. Within each remaining range, a slot starts every `stepMinutes` from the range's start and
 *    must end by the range's end.
 * 4. A slot is dropped when it overlaps anything the associate already has (appointments not
 *    cancelled, as instants) or starts before `notBefore` (now plus the lead time).
 * Times are 'HH:MM' store time; a range's `to` is exclusive.
 */
import type { AppointmentPurpose, StoreHours, TimeRange, Weekday, WeeklyHours } from '../shared/types'
import { storeInstant } from './store-days'

export type { DayException, StoreHours, TimeRange, Weekday, WeeklyHours } from '../shared/types'
/** How long each kind of appointment lasts unless the associate says otherwise. */
export const PURPOSE_MINUTES: Record<AppointmentPurpose, number> = {
  'styling': 60,
  'fitting': 45,
  'alterations': 30,
  'personal-shopping': 90,
  'bridal': 90,
  'menswear': 60,
}

export interface Busy { start: string, end: string }
export interface Slot { start: string, end: string }

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** The weekday of a calendar day ('YYYY-MM-DD'). */
export function weekday(day: string): Weekday {
  return WEEKDAYS[new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))).getUTCDay()]!
}

/** The store's open ranges on a day: its exception for that day, else the weekday's hours. */
export function openRanges(hours: StoreHours, day: string): TimeRange[] {
  const exception = hours.exceptions.find(e => e.day === day)
  return sorted(exception ? exception.hours : hours.weekly[weekday(day)] ?? [])
}

const sorted = (ranges: readonly TimeRange[]) => [...ranges].filter(r => r.from < r.to).sort((a, b) => a.from.localeCompare(b.from))

/** The times in both lists of ranges. */
export function intersect(a: readonly TimeRange[], b: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = []
  for (const x of sorted(a)) {
    for (const y of sorted(b)) {
      const from = x.from > y.from ? x.from : y.from
      const to = x.to < y.to ? x.to : y.to
      if (from < to)
        out.push({ from, to })
    }
  }
  return sorted(out)
}

const overlaps = (a: { start: string, end: string }, b: { start: string, end: string }) => Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end)

export interface SlotQuery {
  /** the store-time day, 'YYYY-MM-DD' */
  day: string
  timeZone: string
  durationMinutes: number
  stepMinutes: number
  store: StoreHours
  /** the associate's weekly working hours; null or absent: the store's hours */
  working?: WeeklyHours | null
  /** what the associate already has that day */
  busy: readonly Busy[]
  /** no slot starts before this instant */
  notBefore: Date
}

export function freeSlots(q: SlotQuery): Slot[] {
  const open = openRanges(q.store, q.day)
  const ranges = q.working ? intersect(open, q.working[weekday(q.day)] ?? []) : open
  const slots: Slot[] = []
  for (const range of ranges) {
    for (let m = minutes(range.from); m + q.durationMinutes <= minutes(range.to); m += q.stepMinutes) {
      const slot = { start: storeInstant(q.day, clock(m), q.timeZone).toISOString(), end: storeInstant(q.day, clock(m + q.durationMinutes), q.timeZone).toISOString() }
      if (Date.parse(slot.start) >= q.notBefore.getTime() && !q.busy.some(b => overlaps(slot, b)))
        slots.push(slot)
    }
  }
  return slots
}

/** Two appointments of one associate whose times overlap (the double booking two offline tablets can make). */
export function overlapping<T extends { id: string, associateId: string, start: string, end: string }>(a: T, others: readonly T[]): T[] {
  return others.filter(b => b.id !== a.id && b.associateId === a.associateId && overlaps(a, b))
}

interface Bookable { id: string, active: boolean, displayName: string, specialties?: readonly string[] | null, workingHours?: WeeklyHours | null }

/** Who to offer for a purpose: the store's active associates, those with it among their specialties first. */
export function whoFor<T extends Bookable>(purpose: string, associates: readonly T[]): T[] {
  const expert = (a: T) => (a.specialties ?? []).includes(purpose)
  return associates.filter(a => a.active).sort((a, b) => Number(expert(b)) - Number(expert(a)) || a.displayName.localeCompare(b.displayName))
}

/** An associate's free slots on a store day: the store's hours, their week, their appointments not cancelled or missed. */
export function associateSlots(q: Omit<SlotQuery, 'store' | 'working' | 'busy'> & {
  hours: StoreHours | null | undefined
  associate: Pick<Bookable, 'id' | 'workingHours'>
  appointments: readonly { associateId: string, start: string, end: string, status: string }[]
}): Slot[] {
  if (!q.hours)
    return []
  const busy = q.appointments.filter(a => a.associateId === q.associate.id && (a.status === 'booked' || a.status === 'arrived'))
  return freeSlots({ ...q, store: q.hours, working: q.associate.workingHours ?? null, busy })
}
