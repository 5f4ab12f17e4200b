/**
 * The manager's settings screen saves the store's settings here. The whole set is sent and
 * checked with the screen's own rules; anything out of range changes nothing and is answered
 * with a sentence naming the setting. The store's document carries the result to every tablet.
 */
import type { StoreDoc, StoreSettings } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import type { Settings, SettingProblem } from '../../src/domain/store-settings'
import { settingsProblems, storeSettings } from '../../src/domain/store-settings'
import { AppError } from '../../src/shared/errors'

const NAMES: Record<SettingProblem['field'], string> = {
  lapsedDays: 'Days before a top client counts as lapsed',
  contactsPerWeek: 'Messages a customer may receive per week',
  attributionDays: 'Days an outreach counts towards a sale',
  inactivityMinutes: 'Minutes before a tablet locks',
  quietHours: 'Quiet hours',
}

function sentence(problem: SettingProblem): string {
  if (problem.kind === 'out-of-range')
    return `${NAMES[problem.field]}: a whole number from ${problem.min} to ${problem.max}.`
  return problem.kind === 'bad-time' ? `${NAMES.quietHours}: times are HH:MM, 00:00 to 23:59.` : `${NAMES.quietHours}: the start and the end are the same time.`
}

export function readSettings(body: unknown): Settings {
  const s = (body as { settings?: unknown } | null)?.settings as Record<string, unknown> | undefined
  const quiet = s?.quietHours as Record<string, unknown> | undefined
  if (!s || typeof s !== 'object' || !quiet || typeof quiet.from !== 'string' || typeof quiet.to !== 'string')
    throw new AppError('invalid-request', 'Send { settings: { lapsedDays, quietHours: { from: "20:30", to: "09:00" }, contactsPerWeek, attributionDays, inactivityMinutes } }.')
  return {
    lapsedDays: s.lapsedDays as number,
    quietHours: { from: quiet.from, to: quiet.to },
    contactsPerWeek: s.contactsPerWeek as number,
    attributionDays: s.attributionDays as number,
    inactivityMinutes: s.inactivityMinutes as number,
  }
}

/** Saves the settings; `changed` names the ones that differ from before, for the store's log. */
export async function saveStoreSettings(w: Writer, storeId: string, settings: Settings): Promise<{ settings: StoreSettings, changed: string }> {
  const problems = settingsProblems(settings)
  if (problems[0])
    throw new AppError('invalid-settings', sentence(problems[0]), { problems })
  await w.lock([`stores:${storeId}`])
  const store = (await w.load('stores', [storeId])).get(storeId) as StoreDoc | undefined
  if (!store)
    throw new AppError('unknown-store', `Store ${storeId} does not exist.`)
  const saved: StoreSettings = { ...settings, quietHours: { ...settings.quietHours } }
  await w.write('stores', [{ ...store, settings: saved, updatedAt: new Date().toISOString() } as unknown as AnyDoc])
  const before = storeSettings(store.settings)
  const changed = (Object.keys(saved) as (keyof Settings)[]).filter(k => JSON.stringify(before[k]) !== JSON.stringify(saved[k])).join(',')
  return { settings: saved, changed }
}
