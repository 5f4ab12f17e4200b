/**
 * The store calendar's view model. A day is laid out per associate: each column runs from the
 * store's opening to its closing (widened to take in anything booked outside them), and an
 * appointment's box sits at its start's distance from the top, as tall as it lasts, in
 * minutes of store time — so a daylight-saving day draws right. Boxes that overlap (a double
 * booking made offline) share the width: each cluster of overlapping boxes gets as many lanes
 * as it needs, each box the first lane free at its start. A week is seven days from
 * Monday, each day's appointments in start order. Cancelled appointments stay listed (the
 * associate sees what happened) but take no room in the day's columns.
 */
import type { AppointmentDoc, StoreHours } from '../shared/types'
import type { CustomerProfile } from './profile'
import { openRanges } from '../domain/availability'
import { addDays, storeClock, storeDay } from '../domain/store-days'

export interface CalendarEntry {
  appointment: AppointmentDoc
  /** null while the customer's profile has not reached this tablet */
  customerName: string | null
}

export interface DayBox {
  entry: CalendarEntry
  /** minutes from the column's top */
  top: number
  /** minutes long */
  height: number
  /** side by side with the boxes it overlaps (a double booking to resolve): its lane of `lanes` */
  lane: number
  lanes: number
}

export interface DayColumn { associateId: string, name: string, boxes: DayBox[] }

export interface DayLayout {
  /** 'HH:MM' store time of the top and bottom of every column */
  from: string
  to: string
  /** the whole hours to draw a line at, 'HH:MM' */
  hours: string[]
  columns: DayColumn[]
}

const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
const toClock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
export { storeClock }

export const isActive = (a: Pick<AppointmentDoc, 'status'>) => a.status === 'booked' || a.status === 'arrived'

export function dayLayout(input: {
  day: string
  timeZone: string
  hours: StoreHours | null | undefined
  associates: readonly { id: string, displayName: string }[]
  entries: readonly CalendarEntry[]
}): DayLayout {
  const open = input.hours ? openRanges(input.hours, input.day) : []
  const onDay = input.entries.filter(e => isActive(e.appointment) && storeDay(e.appointment.start, input.timeZone) === input.day)
  const starts = onDay.map(e => toMinutes(storeClock(e.appointment.start, input.timeZone)))
  const ends = onDay.map((e, i) => starts[i]! + Math.round((Date.parse(e.appointment.end) - Date.parse(e.appointment.start)) / 60_000))
  const first = Math.min(open.length ? toMinutes(open[0]!.from) : 9 * 60, ...starts)
  const last = Math.max(open.length ? toMinutes(open.at(-1)!.to) : 19 * 60, ...ends)
  const from = Math.floor(first / 60) * 60
  const to = Math.min(24 * 60, Math.ceil(last / 60) * 60)
  const hours: string[] = []
  for (let m = from; m < to; m += 60)
    hours.push(toClock(m))
  // Everyone on the rota, plus anyone booked who is not (an associate since deactivated).
  const named = new Map(input.associates.map(a => [a.id, a.displayName]))
  const ids = [...input.associates.map(a => a.id), ...onDay.map(e => e.appointment.associateId).filter(id => !named.has(id))]
  const columns = [...new Set(ids)].map(associateId => ({
    associateId,
    name: named.get(associateId) ?? associateId,
    boxes: inLanes(onDay.flatMap((entry, i) => entry.appointment.associateId === associateId
      ? [{ entry, top: starts[i]! - from, height: Math.max(15, ends[i]! - starts[i]!), lane: 0, lanes: 1 }]
      : [])),
  }))
  return { from: toClock(from), to: toClock(to), hours, columns }
}

function inLanes(boxes: DayBox[]): DayBox[] {
  const sorted = [...boxes].sort((a, b) => a.top - b.top || b.height - a.height)
  let cluster: DayBox[] = []
  let clusterEnd = -1
  const close = () => {
    const lanes = Math.max(1, ...cluster.map(b => b.lane + 1))
    for (const b of cluster) b.lanes = lanes
    cluster = []
  }
  for (const box of sorted) {
    if (box.top >= clusterEnd)
      close()
    const busy = new Set(cluster.filter(b => b.top + b.height > box.top).map(b => b.lane))
    let lane = 0
    while (busy.has(lane)) lane++
    box.lane = lane
    cluster.push(box)
    clusterEnd = Math.max(clusterEnd, box.top + box.height)
  }
  close()
  return sorted
}

/** Monday of the week `day` is in, and the six days after it. */
export function weekOf(day: string): string[] {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay()
  const monday = addDays(day, -((weekday + 6) % 7))
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i))
}

/** The week's appointments by store day, in start order. */
export function weekLayout(days: readonly string[], entries: readonly CalendarEntry[], timeZone: string): { day: string, entries: CalendarEntry[] }[] {
  return days.map(day => ({ day, entries: entries.filter(e => storeDay(e.appointment.start, timeZone) === day) }))
}

export interface PrepareCandidate { sku: string, size: string, name: string }

/**
 * What the customer may want ready, from what the tablet knows of them: their wishlist and
 * cart, then what they tried on or were shown in visits (newest first), each sku and size once.
 */
export function preparationCandidates(profile: Pick<CustomerProfile, 'wishlist' | 'cart' | 'visits'> | null): PrepareCandidate[] {
  if (!profile)
    return []
  const seen = new Set<string>()
  const out: PrepareCandidate[] = []
  const add = (sku: string | null, size: string | null, name: string | undefined) => {
    const key = `${sku}|${size ?? ''}`
    if (sku && !seen.has(key)) {
      seen.add(key)
      out.push({ sku, size: size ?? '', name: name ?? sku })
    }
  }
  for (const item of [...profile.wishlist, ...profile.cart])
    add(item.sku, item.size, item.product?.name)
  for (const visit of profile.visits) {
    for (const i of visit.interactions) {
      if (i.type === 'tried_on' || i.type === 'shown')
        add(i.sku, i.size, i.product?.name)
    }
  }
  return out
}
