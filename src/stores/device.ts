/**
 * This tablet's enrollment to its store: the device token, which server, which store.
 * Kept in localStorage so the app knows before the database opens whether to show
 * enrollment. Enrolling, resetting and wiping also start or stop the replication: that
 * orchestration is src/composables/useDeviceLifecycle.ts's, so this store imports no other.
 */
import type { Subscription } from 'rxjs'
import type { ClientelingDatabase } from '../db/types'
import type { EnrollFailure } from '../api/enrollment'
import type { StoreDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { removeAppDatabase } from '../db/app-database'
import { observeStore } from '../db/device-reads'
import { unlockBook } from '../platform/book-lock'
import { EnrollError, requestEnrollment } from '../api/enrollment'
import { fromBase64 } from '../shared/book-key'
import { readJson, writeJson } from '../platform/local-settings'
import { takeWipeNote, wipeDevice } from '../db/wipe'

export interface Enrollment {
  deviceId: string
  token: string
  storeId: string
  /** '' when the sync-server is the app's own origin */
  serverUrl: string
  name: string
  enrolledAt: string
}

export type EnrollState = 'idle' | 'enrolling' | 'error'

const ENROLLMENT_KEY = 'clienteling.enrollment'
const PERSISTED_KEY = 'clienteling.storagePersisted'

function loadEnrollment(): Enrollment | null {
  const e = readJson<Partial<Enrollment> | null>(ENROLLMENT_KEY, null)
  return e?.deviceId && e.token && e.storeId ? { serverUrl: '', name: '', enrolledAt: '', ...e } as Enrollment : null
}

async function askPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false
  }
  catch {
    return false
  }
}

export const useDeviceStore = defineStore('device', () => {
  const enrollment = ref<Enrollment | null>(loadEnrollment())
  const store = ref<StoreDoc | null>(null)
  const storagePersisted = ref<boolean | null>(readJson<{ granted: boolean | null }>(PERSISTED_KEY, { granted: null }).granted)
  const enrollState = ref<EnrollState>('idle')
  const enrollError = ref<{ reason: EnrollFailure, message: string } | null>(null)
  const storageUsage = ref<{ used: number, quota: number } | null>(null)
  let storeSub: Subscription | undefined

  const isEnrolled = computed(() => enrollment.value !== null)
  const storeId = computed(() => enrollment.value?.storeId ?? null)
  const storeName = computed(() => store.value?.name ?? '')
  /** Where and as whom this tablet calls the sync-server ('' is the app's own origin). */
  const server = computed(() => (enrollment.value ? { baseUrl: enrollment.value.serverUrl || '', token: enrollment.value.token } : null))

  /** Follows this store's document in the local database (it arrives with the first sync). */
  function followStore(db: ClientelingDatabase): void {
    storeSub?.unsubscribe()
    const id = storeId.value
    if (!id)
      return
    storeSub = observeStore(db, id).subscribe({
      next: (doc) => {
        store.value = doc
      },
      error: () => undefined, // the database was removed (reset)
    })
  }

  async function enroll(code: string, name: string, serverUrl = ''): Promise<boolean> {
    enrollState.value = 'enrolling'
    enrollError.value = null
    try {
      const { bookKey, ...res } = await requestEnrollment(serverUrl, code, name.trim())
      // In memory only, for the first download (the sync store drops it when that is done).
      await unlockBook(fromBase64(bookKey.key), bookKey.keyId)
      enrollment.value = { ...res, serverUrl, name: name.trim(), enrolledAt: new Date().toISOString() }
      writeJson(ENROLLMENT_KEY, enrollment.value)
      enrollState.value = 'idle'
    }
    catch (error) {
      const reason: EnrollFailure = error instanceof EnrollError ? error.reason : 'server'
      enrollError.value = { reason, message: error instanceof Error ? error.message : String(error) }
      enrollState.value = 'error'
      return false
    }
    // Without it the browser may evict the store's data when the disk runs low.
    storagePersisted.value = await askPersistence()
    writeJson(PERSISTED_KEY, { granted: storagePersisted.value })
    return true
  }

  /** Re-reads whether the browser keeps our storage (it may grant it later, e.g. once installed) and how full it is. */
  async function checkStorage(): Promise<void> {
    const granted = await navigator.storage?.persisted?.().catch(() => null)
    if (typeof granted === 'boolean') {
      storagePersisted.value = granted
      writeJson(PERSISTED_KEY, { granted })
    }
    const estimate = await navigator.storage?.estimate?.().catch(() => null)
    if (estimate?.quota)
      storageUsage.value = { used: estimate.usage ?? 0, quota: estimate.quota }
  }

  /**
   * Forgets this tablet's enrollment once its database is gone (a reset): the app starts over
   * at enrollment. Deciding whether it may go is src/composables/useDeviceLifecycle.ts's job.
   */
  async function forgetEnrollment(): Promise<void> {
    storeSub?.unsubscribe()
    // Only the database: the service worker's caches (app shell, images) stay.
    await removeAppDatabase()
    enrollment.value = null
    store.value = null
    writeJson(ENROLLMENT_KEY, null)
  }

  /** Left by a remote wipe, shown once on the enrollment screen so whoever holds the tablet knows why it is empty. */
  const wipeNote = typeof localStorage === 'undefined' ? null : takeWipeNote()

  /** Everything of this tablet's store goes, and a fresh page starts at enrollment (the replication is stopped first). */
  async function wipeData(): Promise<void> {
    storeSub?.unsubscribe()
    await wipeDevice('device-revoked')
    // A fresh page: nothing of the old session stays in memory.
    window.location.replace('/enroll')
  }

  return {
    wipeNote, wipeData, forgetEnrollment,
    enrollment, isEnrolled, server, storeId, store, storeName, storagePersisted, storageUsage, enrollState, enrollError,
    enroll, followStore, checkStorage,
  }
})

export { ENROLL_CODE_LENGTH, formatEnrollCode, normaliseEnrollCode, normaliseServerUrl } from '../api/enrollment'
