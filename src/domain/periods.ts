/**
 * The periods a manager picks from, in the tablet's local time (the store's): today, the
 * last seven days including today, this month so far, last month. Half-open [from, to).
 */
import type { Period } from '../shared/endpoints'

export type PeriodPreset = 'today' | 'week' | 'month' | 'last-month'
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['today', 'week', 'month', 'last-month']

const midnight = (y: number, m: number, d: number) => new Date(y, m, d).toISOString()

export function periodFor(preset: PeriodPreset, now: Date): Period {
  const [y, m, d] = [now.getFullYear(), now.getMonth(), now.getDate()]
  switch (preset) {
    case 'today':
      return { from: midnight(y, m, d), to: midnight(y, m, d + 1) }
    case 'week':
      return { from: midnight(y, m, d - 6), to: midnight(y, m, d + 1) }
    case 'month':
      return { from: midnight(y, m, 1), to: midnight(y, m + 1, 1) }
    case 'last-month':
      return { from: midnight(y, m - 1, 1), to: midnight(y, m, 1) }
  }
}

/** A range the manager typed, as two local dates (YYYY-MM-DD, both days included); null if it isn't one. */
export function periodBetween(fromDay: string, toDay: string): Period | null {
  const parse = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) ? d.split('-').map(Number) as [number, number, number] : null
  const a = parse(fromDay)
  const b = parse(toDay)
  if (!a || !b)
    return null
  const period = { from: midnight(a[0], a[1] - 1, a[2]), to: midnight(b[0], b[1] - 1, b[2] + 1) }
  return period.from < period.to ? period : null
}
