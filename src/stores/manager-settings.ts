/**
 * The manager's store settings: a draft of every setting, checked as they type with the limits
 * the server applies (src/domain/store-settings.ts), saved online in one go. The store's
 * document brings the result to every tablet of the store.
 */
import type { OnlineFailure } from '../api/online'
import type { Settings, SettingProblem } from '../domain/store-settings'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { saveStoreSettings } from '../api/manager-api'
import { settingsProblems, storeSettings } from '../domain/store-settings'
import { useDeviceStore } from './device'
import { withServerSession } from './server-call'
import { useStoreLogStore } from './store-log'

export type SettingsState = 'editing' | 'saving' | 'saved' | 'invalid' | 'offline' | 'needs-session' | 'error'

export const useManagerSettingsStore = defineStore('manager-settings', () => {
  const device = useDeviceStore()
  const state = ref<SettingsState>('editing')
  const failure = ref<OnlineFailure | null>(null)
  const draft = ref<Settings>(storeSettings(null))
  const issues = computed<SettingProblem[]>(() => settingsProblems(draft.value))

  /** Starts from what the tablet holds now (the defaults for what the store never set). */
  function begin(): void {
    const now = storeSettings(device.store?.settings)
    draft.value = { ...now, quietHours: { ...now.quietHours } }
    state.value = 'editing'
  }

  function change(next: Partial<Settings>): void {
    draft.value = { ...draft.value, ...next }
    if (state.value !== 'saving')
      state.value = 'editing'
  }

  async function save(): Promise<boolean> {
    if (issues.value.length) {
      state.value = 'invalid'
      return false
    }
    state.value = 'saving'
    const settings = { ...draft.value }
    const outcome = await withServerSession((ctx, token) => saveStoreSettings(ctx, token, settings))
    failure.value = outcome.ok ? null : outcome
    state.value = outcome.ok ? 'saved' : outcome.kind === 'offline' || outcome.kind === 'needs-session' ? outcome.kind : 'error'
    if (outcome.ok)
      void useStoreLogStore().load()
    return outcome.ok
  }

  return { state, failure, draft, issues, begin, change, save }
})
