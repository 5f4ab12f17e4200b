/** A store's settings with their defaults: what a store that never changed one gets. */
import type { StoreSettings } from '../shared/types'

export interface Settings {
  lapsedDays: number
  quietHours: { from: string, to: string }
  contactsPerWeek: number
  attributionDays: number
}

export const DEFAULT_SETTINGS: Settings = {
  lapsedDays: 90,
  quietHours: { from: '20:30', to: '09:00' },
  contactsPerWeek: 2,
  // As the market leader measures outreach-attributed sales.
  attributionDays: 14,
}

export function storeSettings(settings: StoreSettings | null | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...Object.fromEntries(Object.entries(settings ?? {}).filter(([, v]) => v !== undefined && v !== null)) }
}
