/**
 * This tablet's enrollment to its store: the device token, which server, which store.
 * Kept in localStorage so the app knows before the database opens whether to show
 * enrollment. A reset deletes the local database and the enrollment, and is refused while
 * changes are pending: nothing an associate did may be lost (DESIGN.md, invariant 5).
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
import { t } from '../i18n'
import { useRejectionsStore } from './rejections'
import { useSyncStore } from './sync'

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
export type ResetResult = { ok: true } | { ok: false, reason: string }

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
    void useSyncStore().start()
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

  async function reset(): Promise<ResetResult> {
    const sync = useSyncStore()
    let pending: number
    try {
      pending = await sync.refreshPending()
    }
    catch {
      return { ok: false, reason: t('device.resetUnknownPending') }
    }
    if (pending > 0)
      return { ok: false, reason: t('device.resetRefused', { count: pending }) }
    // A refused change exists on this tablet only: someone must look at it before it goes.
    const refused = useRejectionsStore().list.length
    if (refused > 0)
      return { ok: false, reason: t('device.resetRejected', { count: refused }) }
    await sync.stop()
    // Re-check after the replication stopped: a write may have landed in between.
    const after = await sync.refreshPending().catch(() => 1)
    if (after > 0) {
      void sync.start()
      return { ok: false, reason: t('device.resetRefused', { count: after }) }
    }
    storeSub?.unsubscribe()
    // Only the database: the service worker's caches (app shell, images) stay.
    await removeAppDatabase()
    sync.forget()
    enrollment.value = null
    store.value = null
    writeJson(ENROLLMENT_KEY, null)
    return { ok: true }
  }

  /**
   * The server revoked this tablet: its data goes, pending or not (a lost or stolen tablet's
   * unsent work is not worth the customers' data), and the app starts over at enrollment.
   */
  /** Left by a remote wipe, shown once on the enrollment screen so whoever holds the tablet knows why it is empty. */
  const wipeNote = typeof localStorage === 'undefined' ? null : takeWipeNote()

  async function wipe(): Promise<void> {
    await useSyncStore().stop().catch(() => {})
    storeSub?.unsubscribe()
    await wipeDevice('device-revoked')
    // A fresh page: nothing of the old session stays in memory.
    window.location.replace('/enroll')
  }

  return {
    wipe, wipeNote,
    enrollment, isEnrolled, server, storeId, store, storeName, storagePersisted, storageUsage, enrollState, enrollError,
    enroll, reset, followStore, checkStorage,
  }
})

export { ENROLL_CODE_LENGTH, formatEnrollCode, normaliseEnrollCode, normaliseServerUrl } from '../api/enrollment'
