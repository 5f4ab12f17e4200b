/**
 * A customer's privacy page for the manager (online): who viewed or changed the profile,
 * and the erasure the customer may ask for.
 */
import type { ServerContext } from '../api/customers'
import type { OnlineFailure } from '../api/online'
import type { AuditEntry } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { eraseCustomerData, fetchCustomerAudit } from '../api/manager-api'
import { withServerSession } from './server-call'

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

  /** why the last call failed, as the server said it (null after a success) */
  const failure = ref<OnlineFailure | null>(null)

  async function run(fn: (ctx: ServerContext, token: string) => Promise<void>, busy: PrivacyState, done: PrivacyState): Promise<void> {
    state.value = busy
    const outcome = await withServerSession(fn)
    failure.value = outcome.ok ? null : outcome
    if (outcome.ok) {
      state.value = done
      return
    }
    if (outcome.code === 'customer-shared')
      sharedWith.value = (outcome.details?.stores as string[] | undefined) ?? []
    state.value = outcome.code === 'not-found'
      ? 'not-yours'
      : outcome.code === 'customer-shared' ? 'shared' : outcome.kind === 'needs-session' || outcome.kind === 'offline' ? outcome.kind : 'error'
  }

  const load = (customerId: string) => run(async (ctx, token) => {
    entries.value = await fetchCustomerAudit(ctx, token, customerId)
  }, 'loading', 'ready')

  const erase = (customerId: string, confirmShared = false) => run((ctx, token) => eraseCustomerData(ctx, token, customerId, confirmShared), 'erasing', 'erased')

  return { state, failure, entries, sharedWith, load, erase }
})
