/**
 * A customer's privacy page for the manager (online): who viewed or changed the profile,
 * and the erasure the customer may ask for.
 */
import type { AuditEntry } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { eraseCustomerData, fetchCustomerAudit } from '../api/manager-api'
import { useAssociateSessionStore } from './associate-session'

/**
 * 'not-yours': the customer's home store is not one this manager answers for (a pinned
 * customer's log and erasure belong to their home store); 'shared': other stores serve the
 * customer too, and erasing them there takes a second confirmation.
 */
export type PrivacyState = 'idle' | 'loading' | 'ready' | 'erasing' | 'erased' | 'offline' | 'needs-session' | 'not-yours' | 'shared' | 'error'

export const useCustomerPrivacyStore = defineStore('customer-privacy', () => {
  const state = ref<PrivacyState>('idle')
  const entries = ref<AuditEntry[]>([])
  /** the other stores that serve the customer, once the server said so */
  const sharedWith = ref<string[]>([])

  async function run(fn: (ctx: NonNullable<ReturnType<ReturnType<typeof useAssociateSessionStore>['server']>>, token: string) => Promise<void>, busy: PrivacyState, done: PrivacyState): Promise<void> {
    const session = useAssociateSessionStore()
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
      const { code, details } = error as { code?: string, details?: { stores?: string[] } }
      if (code === 'session-required')
        session.expired()
      if (code === 'customer-shared')
        sharedWith.value = details?.stores ?? []
      state.value = code === 'session-required'
        ? 'needs-session'
        : code === 'not-found' ? 'not-yours' : code === 'customer-shared' ? 'shared' : error instanceof TypeError || code === 'timeout' ? 'offline' : 'error'
    }
  }

  const load = (customerId: string) => run(async (ctx, token) => {
    entries.value = await fetchCustomerAudit(ctx, token, customerId)
  }, 'loading', 'ready')

  const erase = (customerId: string, confirmShared = false) => run((ctx, token) => eraseCustomerData(ctx, token, customerId, confirmShared), 'erasing', 'erased')

  return { state, entries, sharedWith, load, erase }
})
