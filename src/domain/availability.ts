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
import { storeInstant } from './store-days'

export interface TimeRange { from: string, to: string }
/** ISO weekday ('1' Monday … '7' Sunday) → the day's open ranges; a weekday absent is closed. */
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', TimeRange[]>>
/** A day whose hours differ from the week's: a holiday ([]: closed), a late opening. */
export interface DayException { day: string, hours: TimeRange[] }
export interface StoreHours { weekly: WeeklyHours, exceptions: DayException[] }
export interface Busy { start: string, end: string }
export interface Slot { start: string, end: string }

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`

/** ISO weekday of a calendar day ('YYYY-MM-DD'): 1 Monday … 7 Sunday. */
export function weekday(day: string): keyof WeeklyHours {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))).getUTCDay()
  return String(d === 0 ? 7 : d) as keyof WeeklyHours
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
