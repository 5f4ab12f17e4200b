/**
 * A customer's privacy page for the manager (online): who viewed or changed the profile,
 * and the erasure the customer may ask for.
 */
import type { AuditEntry } from '../db/manager-api'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { eraseCustomerData, fetchCustomerAudit } from '../db/manager-api'
import { useManagerSessionStore } from './manager-session'

export type PrivacyState = 'idle' | 'loading' | 'ready' | 'erasing' | 'erased' | 'offline' | 'needs-session' | 'error'

export const useCustomerPrivacyStore = defineStore('customer-privacy', () => {
  const state = ref<PrivacyState>('idle')
  const entries = ref<AuditEntry[]>([])

  async function run(fn: (ctx: NonNullable<ReturnType<ReturnType<typeof useManagerSessionStore>['server']>>, token: string) => Promise<void>, busy: PrivacyState, done: PrivacyState): Promise<void> {
    const session = useManagerSessionStore()
    const ctx = session.server()
    if (!ctx || !session.token) {
      state.value = 'needs-session'
      return
    }
    state.value = busy
    try {
      await fn(ctx, session.token)
      state.value = done
    }
    catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'session-required')
        session.expired()
      state.value = code === 'session-required' ? 'needs-session' : error instanceof TypeError || code === 'timeout' ? 'offline' : 'error'
    }
  }

  const load = (customerId: string) => run(async (ctx, token) => {
    entries.value = await fetchCustomerAudit(ctx, token, customerId)
  }, 'loading', 'ready')

  const erase = (customerId: string) => run((ctx, token) => eraseCustomerData(ctx, token, customerId), 'erasing', 'erased')

  return { state, entries, load, erase }
})
