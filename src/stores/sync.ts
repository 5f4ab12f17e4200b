/**
 * Sync status for the whole app: is the tablet online, how many changes wait for the
 * server, as of when the data is current, and the first sync's progress. The pending
 * count is read from the database (src/sync/pending.ts), never counted in memory, so it is
 * right after a reload or a crash. A full disk, a change the server refuses and a revoked
 * device are shown, never swallowed.
 */
import type { StreamStatus } from '../sync/replication'
import type { SyncProblem } from '../domain/problems'
import type { SyncSession } from '../sync/session'
import type { CollectionName } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getAppDatabase } from '../db/app-database'
import { bookOpen$, bookState, bookState$, lockBook } from '../platform/book-lock'
import { clearRejections } from '../sync/rejections'
import { localCounts } from '../db/device-reads'
import { fetchSyncSummary } from '../api/enrollment'
import { classifySyncError, isQuotaError } from '../domain/problems'
import { readJson, writeJson } from '../platform/local-settings'
import { syncError, syncStatus } from '../domain/sync-status'
import { createFirstDownload } from './first-download'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

export type { CollectionProgress, SyncErrorInfo, SyncStatus } from '../domain/sync-status'

const STORAGE_KEY = 'clienteling.sync'
const SUMMARY_RETRY_MS = 3000
/** A live stream goes quiet for at most its idle timeout (60 s) before it reconnects. */
const LIVE_TICK_MS = 30_000
const SETTLE_MS = 30_000

/** `stagesDone`: of the first download's stages (FIRST_DOWNLOAD_STAGES), how many are in (./first-download.ts). */
interface Persisted { initialDone: boolean, lastSyncedAt: string | null, stagesDone?: number }

export const useSyncStore = defineStore('sync', () => {
  const device = useDeviceStore()
  const saved = readJson<Persisted>(STORAGE_KEY, { initialDone: false, lastSyncedAt: null })

  const lastSyncedAt = ref<string | null>(saved.lastSyncedAt)
  const running = ref(false)
  const pendingCount = ref(0)
  const streamStatus = ref<StreamStatus | 'stopped'>('stopped')
  const navigatorOnline = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const reachable = ref<boolean | null>(null)
  const active = ref(false)
  const problems = ref<Record<string, SyncProblem>>({})
  const authError = ref<string | null>(null)
  /** The customer book's key is not in memory: its collections wait for an associate's sign-in. */
  const bookLocked = ref(bookState() === 'locked')
  bookState$.subscribe((s) => {
    bookLocked.value = s === 'locked'
  })

  let session: SyncSession | null = null
  let starting: Promise<void> | null = null
  let liveTimer: ReturnType<typeof setInterval> | undefined

  const persist = () => writeJson<Persisted>(STORAGE_KEY, { initialDone: first.initialDone.value, lastSyncedAt: lastSyncedAt.value, stagesDone: first.stagesDone.value })
  const first = createFirstDownload(saved, persist)
  const { initialDone, stagesDone, signInReady, customersIn, progress, overall, background } = first

  const online = computed(() => navigatorOnline.value && reachable.value !== false)

  const error = computed(() => syncError(authError.value, problems.value))
  const status = computed(() => syncStatus({
    error: error.value,
    running: running.value,
    initialDone: initialDone.value,
    signInReady: signInReady.value,
    online: online.value,
    active: active.value,
    pendingCount: pendingCount.value,
    live: streamStatus.value === 'live',
  }))

  function markSynced() {
    lastSyncedAt.value = new Date().toISOString()
    persist()
  }

  function setProblem(key: string, problem: SyncProblem | null) {
    if (problem?.kind === 'auth')
      return onAuthError(problem.code)
    if (!problem && !(key in problems.value))
      return
    const next = { ...problems.value }
    if (problem && problem.kind !== 'network')
      next[key] = problem
    else
      delete next[key]
    problems.value = next
  }

  function onAuthError(code: string) {
    authError.value = code
    // Issue 8 wipes a revoked device; until then stop hammering the server with a dead token.
    void stop()
  }

  /** For other stores: a local write that failed (a full disk above all) is shown here. */
  function reportError(err: unknown): void {
    const problem = classifySyncError(err)
    if (problem.kind === 'storage-full' || problem.kind === 'storage')
      setProblem('storage', problem)
  }

  async function runInitial(current: SyncSession, baseUrl: string, token: string) {
    const db = await getAppDatabase()
    first.done.value = await localCounts(db).catch(() => ({}))
    void (async () => {
      for (let known = false; !known && session === current;) {
        try {
          first.totals.value = (await fetchSyncSummary(baseUrl, token)).counts
          known = true
        }
        catch {
          await new Promise(resolve => setTimeout(resolve, SUMMARY_RETRY_MS))
        }
      }
    })()
    await current.awaitInitial()
    if (session !== current)
      return
    first.complete()
    // Locked only once RxDB has written down how far it got: locking pauses the replication
    // of the book, and a lagging checkpoint would make the next sign-in read again, while the
    // associate searches, the documents written last.
    // Stopped meanwhile: locked all the same, nobody signed in for that key.
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([current.awaitSettled(), new Promise((resolve) => {
      timer = setTimeout(resolve, SETTLE_MS)
    })])
    clearTimeout(timer)
    // The key a new tablet got at enrollment for its first download goes with it.
    if (!useSessionStore().isSignedIn && bookState() === 'unlocked')
      lockBook()
  }

  async function open(): Promise<void> {
    const enrollment = device.enrollment
    if (!enrollment)
      return
    let db
    try {
      db = await getAppDatabase()
    }
    catch (err) {
      reportError(err)
      return
    }
    authError.value = null
    // Loaded here, not with the app: the enrollment and lock screens draw without the replication's code.
    const { openSyncSession } = await import('../sync/session')
    const current = openSyncSession({
      db,
      baseUrl: enrollment.serverUrl,
      token: enrollment.token,
      deviceId: enrollment.deviceId,
      waitForLeadership: typeof window !== 'undefined',
      associateId: () => useSessionStore().associate?.id ?? null,
      bookOpen$,
      firstSync: !initialDone.value,
      stagesDone: stagesDone.value,
    }, {
      stageDone: first.stageDone,
      streamStatus: (s) => {
        streamStatus.value = s
        if (s === 'live')
          reachable.value = true
        else if (s === 'offline')
          reachable.value = false
      },
      reachable: (ok) => {
        reachable.value = ok
      },
      synced: markSynced,
      received: first.received,
      active: (a) => {
        active.value = a
      },
      pending: (n) => {
        pendingCount.value = n
      },
      problem: setProblem,
      authError: onAuthError,
    })
    session = current
    running.value = true
    device.followStore(db)
    liveTimer = setInterval(() => streamStatus.value === 'live' && markSynced(), LIVE_TICK_MS)
    if (!initialDone.value)
      void runInitial(current, enrollment.serverUrl, enrollment.token).catch(reportError)
  }

  /** Starts replication if the device is enrolled; calling it again does nothing. */
  function start(): Promise<void> {
    if (session)
      return Promise.resolve()
    starting ??= open().finally(() => {
      starting = null
    })
    return starting
  }

  async function stop(): Promise<void> {
    await starting
    const current = session
    session = null
    running.value = false
    streamStatus.value = 'stopped'
    active.value = false
    clearInterval(liveTimer)
    await current?.cancel()
  }

  /** "Sync now": pull everything, reconnect the stream, and look at the disk again. */
  function syncNow(): void {
    setProblem('storage', null)
    if (session)
      session.syncNow()
    else
      void start()
    void refreshPending()
  }

  /** A fresh reading from the database, for decisions such as a reset. */
  async function refreshPending(): Promise<number> {
    const e = device.enrollment
    if (!e)
      return 0
    const [{ countPending }, { identifiersFor }] = await Promise.all([import('../sync/pending'), import('../sync/session')])
    const n = await countPending(await getAppDatabase(), identifiersFor(e.serverUrl, e.deviceId))
    pendingCount.value = n
    return n
  }

  /**
   * One customer's documents, fetched because an associate opened them before the download
   * brought them: written into the tablet like the download's own (src/sync/bootstrap.ts).
   */
  async function writeAhead(parts: Partial<Record<CollectionName, readonly { id: string }[]>>): Promise<void> {
    await session?.writeAhead(parts)
  }

  /** After a reset: this device's sync history is gone with its database. */
  function forget(): void {
    clearRejections()
    first.forget()
    lastSyncedAt.value = null
    pendingCount.value = 0
    problems.value = {}
    authError.value = null
    persist()
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      navigatorOnline.value = true
      reachable.value = null
      session?.syncNow()
    })
    window.addEventListener('offline', () => {
      navigatorOnline.value = false
    })
    // A write anywhere in the app that hit a full disk must not vanish into the console.
    window.addEventListener('unhandledrejection', (event) => {
      if (isQuotaError(event.reason))
        reportError(event.reason)
    })
  }

  return {
    status, initialDone, signInReady, customersIn, stagesDone, background, bookLocked, pendingCount, lastSyncedAt, online, progress, overall, error, authError, streamStatus,
    start, stop, syncNow, refreshPending, reportError, forget, writeAhead,
  }
})
