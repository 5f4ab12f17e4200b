import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, SETTING_LIMITS, settingsProblems, storeSettings } from '../../src/domain/store-settings'
import { schemas } from '../../src/shared/schemas'

const settings = (overrides: Partial<typeof DEFAULT_SETTINGS> = {}) => ({ ...DEFAULT_SETTINGS, ...overrides })

describe('a store\'s settings', () => {
  it('takes the defaults for whatever the store never set', () => {
    expect(storeSettings({ lapsedDays: 60, inactivityMinutes: undefined })).toEqual({ ...DEFAULT_SETTINGS, lapsedDays: 60 })
    expect(storeSettings(null)).toEqual(DEFAULT_SETTINGS)
  })

  it('finds nothing wrong with the defaults or with each limit itself', () => {
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual([])
    for (const [field, { min, max }] of Object.entries(SETTING_LIMITS)) {
      expect(settingsProblems(settings({ [field]: min }))).toEqual([])
      expect(settingsProblems(settings({ [field]: max }))).toEqual([])
    }
  })

  it('names each setting out of range, in screen order, with its limits', () => {
    expect(settingsProblems(settings({ inactivityMinutes: 0, lapsedDays: 731, contactsPerWeek: 1.5 }))).toEqual([
      { field: 'lapsedDays', kind: 'out-of-range', min: 7, max: 730 },
      { field: 'contactsPerWeek', kind: 'out-of-range', min: 0, max: 50 },
      { field: 'inactivityMinutes', kind: 'out-of-range', min: 1, max: 30 },
    ])
  })

  it('wants quiet hours as two different store times', () => {
    expect(settingsProblems(settings({ quietHours: { from: '21:00', to: '' } }))).toEqual([{ field: 'quietHours', kind: 'bad-time' }])
    expect(settingsProblems(settings({ quietHours: { from: '08:00', to: '08:00' } }))).toEqual([{ field: 'quietHours', kind: 'empty-range' }])
    // Quiet hours across midnight are the usual case.
    expect(settingsProblems(settings({ quietHours: { from: '22:00', to: '07:30' } }))).toEqual([])
  })

  it('has the same limits as the store document\'s schema, so the tablet and the server agree', () => {
    const props = ((schemas.stores.properties as Record<string, unknown>).settings as { properties: Record<string, { minimum: number, maximum: number }> }).properties
    for (const [field, { min, max }] of Object.entries(SETTING_LIMITS))
      expect([field, props[field]?.minimum, props[field]?.maximum]).toEqual([field, min, max])
  })
})
