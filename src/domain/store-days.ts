/**
 * Days as the store lives them: "today", "overdue" and "this week" are the store's calendar
 * days in its own time zone, whatever the tablet's clock zone. Day-level arithmetic needs no
 * library: Intl gives the store-time date of an instant, and two dates' distance is counted on
 * UTC midnights, where no day is 23 or 25 hours long.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The store-time calendar day of an instant, as 'YYYY-MM-DD'. */
export function storeDay(instant: Date | string, timeZone: string): string {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, format)
  }
  return format.format(typeof instant === 'string' ? new Date(instant) : instant)
}

const clocks = new Map<string, Intl.DateTimeFormat>()

/** An instant's 'HH:MM' on the store's clock (24-hour). */
export function storeClock(instant: Date | string, timeZone: string): string {
  let format = clocks.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    clocks.set(timeZone, format)
  }
  return format.format(typeof instant === 'string' ? new Date(instant) : instant)
}

const utc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'): 1 for tomorrow, -1 for yesterday. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / 86_400_000)
}

/** The day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return new Date(utc(day) + n * 86_400_000).toISOString().slice(0, 10)
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/**
 * The next birthday on or after `today` (within a year), as 'YYYY-MM-DD'. A 29 February
 * birthday falls on 28 February in other years, as most people born then celebrate it.
 */
export function nextBirthday(birthday: { month: number, day: number }, today: string): string {
  const onYear = (year: number) => {
    const day = birthday.month === 2 && birthday.day === 29 && !isLeap(year) ? 28 : birthday.day
    return `${year}-${String(birthday.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  }
  const year = Number(today.slice(0, 4))
  const thisYear = onYear(year)
  return thisYear >= today ? thisYear : onYear(year + 1)
}

/** Minutes the zone is ahead of UTC at an instant (120 for Rome in summer). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(instant).map(p => [p.type, Number(p.value)]))
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/** The instant a store-time day and 'HH:MM' fall on (the offset read at that instant, so DST days come out right). */
export function storeInstant(day: string, time: string, timeZone: string): Date {
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), Number(time.slice(0, 2)), Number(time.slice(3, 5)))
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000
  return new Date(wall - offsetMinutes(new Date(first), timeZone) * 60_000)
}

/**
 * When a message written at `now` may go out, given the store's quiet hours ('20:30'–'09:00',
 * store time, possibly across midnight): `now` itself outside them, else the end of them.
 */
export function afterQuietHours(now: Date, timeZone: string, quiet: { from: string, to: string }): Date {
  const local = storeClock(now, timeZone)
  const day = storeDay(now, timeZone)
  const across = quiet.from > quiet.to
  const inside = across ? local >= quiet.from || local < quiet.to : local >= quiet.from && local < quiet.to
  if (!inside)
    return now
  // Evening side of a window across midnight: it ends tomorrow morning.
  const endDay = across && local >= quiet.from ? addDays(day, 1) : day
  return storeInstant(endDay, quiet.to, timeZone)
}
