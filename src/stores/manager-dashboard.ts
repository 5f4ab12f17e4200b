/**
 * The manager's dashboard for this store, computed on the tablet from its own data (offline
 * too): KPIs for the store and each associate, and the chart series. The visit review reads
 * the same loaded activity.
 */
import type { SyncProblem } from '../domain/problems'
import type { StoreActivity } from '../db/store-activity'
import type { Period } from '../shared/endpoints'
import type { PeriodPreset } from '../domain/periods'
import { classifySyncError } from '../domain/problems'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { loadStoreActivity } from '../db/store-activity'
import { visitsPerAssociate, visitsPerDay, visitsPerHour } from '../domain/kpi-series'
import { computeKpis, kpisByAssociate } from '../domain/kpis'
import { outreachKpis } from '../domain/outreach-kpis'
import { appointmentKpis } from '../domain/appointment-kpis'
import { storeSettings } from '../domain/store-settings'
import { periodFor } from '../domain/periods'
import { useDeviceStore } from './device'

export type DashboardState = 'idle' | 'loading' | 'ready' | 'error'

export const useManagerDashboardStore = defineStore('manager-dashboard', () => {
  /** what went wrong last (kind and code: a full disk is not a refused change), for the screen */
  const failure = ref<SyncProblem | null>(null)
  const preset = ref<PeriodPreset | 'custom'>('month')
  const period = ref(periodFor('month', new Date()))
  const asOf = ref(new Date().toISOString())
  const state = ref<DashboardState>('idle')
  const activity = shallowRef<StoreActivity | null>(null)
  const storeId = computed(() => useDeviceStore().storeId ?? '')
  const timeZone = computed(() => Intl.DateTimeFormat().resolvedOptions().timeZone)

  async function load(next: PeriodPreset | Period = preset.value === 'custom' ? period.value : preset.value): Promise<void> {
    const now = new Date()
    preset.value = typeof next === 'string' ? next : 'custom'
    period.value = typeof next === 'string' ? periodFor(next, now) : next
    asOf.value = now.toISOString()
    state.value = 'loading'
    try {
      activity.value = await loadStoreActivity(storeId.value, period.value)
      state.value = 'ready'
    }
    catch (error) {
      failure.value = classifySyncError(error)
      state.value = 'error'
    }
  }

  const attributionDays = computed(() => storeSettings(useDeviceStore().store?.settings).attributionDays)
  const input = computed(() => activity.value && { ...activity.value, storeId: storeId.value, period: period.value, asOf: asOf.value, attributionDays: attributionDays.value })
  const outreach = computed(() => (activity.value
    ? outreachKpis({ ...activity.value, customers: activity.value.unsubscribed, storeId: storeId.value, period: period.value, attributionDays: attributionDays.value })
    : null))
  const appointments = computed(() => (activity.value
    ? appointmentKpis({ ...activity.value, storeId: storeId.value, period: period.value })
    : null))
  const kpis = computed(() => (input.value ? computeKpis(input.value) : null))
  const byAssociate = computed(() => (input.value ? kpisByAssociate(input.value) : {}))
  const associateNames = computed<Record<string, string>>(() => Object.fromEntries((activity.value?.associates ?? []).map(a => [a.id, a.displayName])))
  const ownVisits = computed(() => (activity.value?.visits ?? []).filter(v => v.storeId === storeId.value))
  const perDay = computed(() => visitsPerDay(ownVisits.value, period.value, timeZone.value))
  const perHour = computed(() => visitsPerHour(ownVisits.value, period.value, timeZone.value))
  const perAssociate = computed(() => visitsPerAssociate(ownVisits.value, period.value, activity.value?.associates ?? []))

  return { failure, preset, period, asOf, state, activity, storeId, kpis, outreach, appointments, byAssociate, associateNames, perDay, perHour, perAssociate, load }
})
