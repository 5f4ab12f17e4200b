// STUB: owned by the sync/enrollment helper — replace entirely.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type SyncStatus = 'idle' | 'initial' | 'syncing' | 'live' | 'offline' | 'error'

export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus>('idle')
  const initialDone = ref(false)
  const pendingCount = ref(0)
  const lastSyncedAt = ref<string | null>(null)
  return { status, initialDone, pendingCount, lastSyncedAt }
})
