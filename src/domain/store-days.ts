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
