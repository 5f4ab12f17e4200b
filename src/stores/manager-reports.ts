/**
 * The online half of the dashboard: the server's KPIs for every store the manager answers
 * for, for the same period as the tablet's own numbers.
 */
import type { OnlineFailure } from '../api/online'
import type { StoreKpiReport } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { fetchKpiReport } from '../api/manager-api'
import { useManagerDashboardStore } from './manager-dashboard'
import { withServerSession } from './server-call'

export type ReportState = 'idle' | 'loading' | 'ready' | 'offline' | 'needs-session' | 'error'

export const useManagerReportsStore = defineStore('manager-reports', () => {
  const state = ref<ReportState>('idle')
  const stores = ref<StoreKpiReport[]>([])

  const failure = ref<OnlineFailure | null>(null)

  async function load(): Promise<ReportState> {
    const dashboard = useManagerDashboardStore()
    state.value = 'loading'
    const outcome = await withServerSession((ctx, token) => fetchKpiReport(ctx, token, dashboard.period, dashboard.asOf))
    failure.value = outcome.ok ? null : outcome
    if (outcome.ok) {
      stores.value = outcome.value
      return (state.value = 'ready')
    }
    return (state.value = outcome.kind === 'needs-session' || outcome.kind === 'offline' ? outcome.kind : 'error')
  }

  return { state, failure, stores, load }
})
