/**
 * The online half of the dashboard: the server's KPIs for every store the manager answers
 * for, for the same period as the tablet's own numbers.
 */
import type { StoreKpiReport } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { fetchKpiReport } from '../api/manager-api'
import { useManagerDashboardStore } from './manager-dashboard'
import { useAssociateSessionStore } from './associate-session'

export type ReportState = 'idle' | 'loading' | 'ready' | 'offline' | 'needs-session' | 'error'

export const useManagerReportsStore = defineStore('manager-reports', () => {
  const state = ref<ReportState>('idle')
  const stores = ref<StoreKpiReport[]>([])

  async function load(): Promise<ReportState> {
    const session = useAssociateSessionStore()
    const ctx = session.server()
    if (!ctx || !session.token)
      return (state.value = 'needs-session')
    if (typeof navigator !== 'undefined' && !navigator.onLine)
      return (state.value = 'offline')
    const dashboard = useManagerDashboardStore()
    state.value = 'loading'
    try {
      stores.value = await fetchKpiReport(ctx, session.token, dashboard.period, dashboard.asOf)
      return (state.value = 'ready')
    }
    catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'session-required') {
        session.expired()
        return (state.value = 'needs-session')
      }
      return (state.value = error instanceof TypeError || code === 'timeout' ? 'offline' : 'error')
    }
  }

  return { state, stores, load }
})
