/** The manager's view of the store's log: who changed how the store runs, and when (read online). */
import type { OnlineFailure } from '../api/online'
import type { StoreLogEntry } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { readStoreLog } from '../api/manager-api'
import { withServerSession } from './server-call'

export type StoreLogState = 'idle' | 'loading' | 'ready' | 'failed'

export const useStoreLogStore = defineStore('store-log', () => {
  const entries = shallowRef<StoreLogEntry[]>([])
  const state = ref<StoreLogState>('idle')
  const failure = ref<OnlineFailure | null>(null)

  async function load(): Promise<void> {
    state.value = 'loading'
    const outcome = await withServerSession((ctx, token) => readStoreLog(ctx, token))
    failure.value = outcome.ok ? null : outcome
    if (outcome.ok)
      entries.value = outcome.value
    state.value = outcome.ok ? 'ready' : 'failed'
  }

  return { entries, state, failure, load }
})
