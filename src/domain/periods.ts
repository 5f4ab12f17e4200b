/**
 * The periods a manager picks from, in the tablet's local time (the store's): today, the
 * last seven days including today, this month so far, last month. Half-open [from, to).
 */
import type { Period } from './kpis'

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
