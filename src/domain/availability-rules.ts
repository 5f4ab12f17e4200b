/**
 * What a manager may save as the store's opening hours and an associate's week: the same rules
 * on the tablet (said next to the field as they type) and on the server (which refuses
 * anything else). A day has at most four ranges ('HH:MM', store time, `to` after `from`) that
 * do not overlap; an exception names a real calendar day, once; an associate's specialties are
 * purposes of the closed list.
 */
import type { StoreHours, TimeRange, Weekday, WeeklyHours } from '../shared/types'
import { APPOINTMENT_PURPOSES } from '../shared/types'

export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
export const MAX_RANGES = 4
export const MAX_EXCEPTIONS = 366

export type HoursProblem
  = | { kind: 'bad-time', where: string }
    | { kind: 'ends-before-start', where: string }
    | { kind: 'ranges-overlap', where: string }
    | { kind: 'too-many-ranges', where: string }
    | { kind: 'bad-day', where: string }
    | { kind: 'same-day-twice', where: string }
    | { kind: 'too-many-exceptions', where: string }
    | { kind: 'unknown-specialty', where: string }

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/

/** Problems of one day's ranges; `where` names the day (a weekday or a date). */
export function rangeProblems(ranges: readonly TimeRange[], where: string): HoursProblem[] {
  const problems: HoursProblem[] = []
  if (ranges.length > MAX_RANGES)
    problems.push({ kind: 'too-many-ranges', where })
  for (const r of ranges) {
    if (!CLOCK.test(r.from) || !CLOCK.test(r.to))
      problems.push({ kind: 'bad-time', where })
    else if (r.to <= r.from)
      problems.push({ kind: 'ends-before-start', where })
  }
  const sorted = [...ranges].filter(r => CLOCK.test(r.from) && CLOCK.test(r.to)).sort((a, b) => a.from.localeCompare(b.from))
  if (sorted.some((r, i) => i > 0 && r.from < sorted[i - 1]!.to))
    problems.push({ kind: 'ranges-overlap', where })
  return problems
}

export function weekProblems(week: WeeklyHours): HoursProblem[] {
  return WEEKDAYS.flatMap(d => rangeProblems(week[d] ?? [], d))
}

const isRealDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10) === day

export function hoursProblems(hours: StoreHours): HoursProblem[] {
  const problems = weekProblems(hours.weekly)
  if (hours.exceptions.length > MAX_EXCEPTIONS)
    problems.push({ kind: 'too-many-exceptions', where: 'exceptions' })
  const seen = new Set<string>()
  for (const e of hours.exceptions) {
    if (!isRealDay(e.day))
      problems.push({ kind: 'bad-day', where: e.day })
    else if (seen.has(e.day))
      problems.push({ kind: 'same-day-twice', where: e.day })
    seen.add(e.day)
    problems.push(...rangeProblems(e.hours, e.day))
  }
  return problems
}

export function specialtyProblems(specialties: readonly string[]): HoursProblem[] {
  return specialties.filter(s => !(APPOINTMENT_PURPOSES as readonly string[]).includes(s)).map(s => ({ kind: 'unknown-specialty', where: s }))
}

/** The hours as stored: each day's ranges in order, closed weekdays left out, exceptions by date. */
export function tidyHours(hours: StoreHours): StoreHours {
  return { weekly: tidyWeek(hours.weekly), exceptions: [...hours.exceptions].map(e => ({ day: e.day, hours: tidyRanges(e.hours) })).sort((a, b) => a.day.localeCompare(b.day)) }
}

export function tidyWeek(week: WeeklyHours): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.filter(d => (week[d] ?? []).length).map(d => [d, tidyRanges(week[d]!)]))
}

const tidyRanges = (ranges: readonly TimeRange[]) => [...ranges].map(r => ({ from: r.from, to: r.to })).sort((a, b) => a.from.localeCompare(b.from))
