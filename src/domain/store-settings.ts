/**
 * A store's settings with their defaults (what a store that never changed one gets), and the
 * limits the manager's settings screen and the server both check.
 */
import type { StoreSettings } from '../shared/types'

export interface Settings {
  lapsedDays: number
  quietHours: { from: string, to: string }
  contactsPerWeek: number
  attributionDays: number
  inactivityMinutes: number
}

export const DEFAULT_SETTINGS: Settings = {
  lapsedDays: 90,
  quietHours: { from: '20:30', to: '09:00' },
  contactsPerWeek: 2,
  // As the market leader measures outreach-attributed sales.
  attributionDays: 14,
  inactivityMinutes: 2,
}

export type NumericSetting = Exclude<keyof Settings, 'quietHours'>

/** Whole numbers within these bounds (the store document's schema holds the same ones). */
export const SETTING_LIMITS: Record<NumericSetting, { min: number, max: number }> = {
  lapsedDays: { min: 7, max: 730 },
  contactsPerWeek: { min: 0, max: 50 },
  attributionDays: { min: 1, max: 90 },
  inactivityMinutes: { min: 1, max: 30 },
}

export function storeSettings(settings: StoreSettings | null | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...Object.fromEntries(Object.entries(settings ?? {}).filter(([, v]) => v !== undefined && v !== null)) }
}

export type SettingProblem
  = | { field: NumericSetting, kind: 'out-of-range', min: number, max: number }
    | { field: 'quietHours', kind: 'bad-time' | 'empty-range' }

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/

/** What is wrong with settings as typed: nothing, or each field's problem in screen order. */
export function settingsProblems(settings: Settings): SettingProblem[] {
  const problems: SettingProblem[] = []
  for (const field of Object.keys(SETTING_LIMITS) as NumericSetting[]) {
    const { min, max } = SETTING_LIMITS[field]
    const value = settings[field]
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push({ field, kind: 'out-of-range', min, max })
  }
  const { from, to } = settings.quietHours ?? { from: '', to: '' }
  if (!HHMM.test(from) || !HHMM.test(to))
    problems.push({ field: 'quietHours', kind: 'bad-time' })
  // Quiet from 21:00 to 21:00 would be no quiet time or all day: either way not what was meant.
  else if (from === to)
    problems.push({ field: 'quietHours', kind: 'empty-range' })
  return problems
}
