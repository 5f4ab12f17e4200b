/**
 * The lookup screen's state: what the associate typed, this store's matches (local, as
 * they type), other stores' matches from the server when online, pinning, scanning and
 * the recent list. Local results never wait for the network. On a new tablet whose
 * customers are still arriving (issue 24), the server also searches the store's own book
 * and its matches join the local ones; opening one brings that customer at once
 * (stores/profile-history.ts).
 */
import type { ServerContext } from '../api/customers'
import type { OnlineFailure } from '../api/online'
import type { CustomerSummary } from '../models/customer'
import type { CustomerSearchHit } from '../shared/protocol'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { searchCustomersOnline } from '../api/customers'
import { createBookSearch } from './book-search'
import { createPinning } from './pinning'
import { onlineFailure } from '../api/online'
import { findCustomerByLoyalty, getCustomersByIds, getStoreNames, searchCustomers } from '../db/customers'
import { scanAction } from '../domain/scan'
import { markForeground } from '../platform/foreground'
import { isOnlineLookup, parseSearchQuery } from '../shared/search'
import { useAssociateSessionStore } from './associate-session'
import { useDeviceStore } from './device'
import { useRecentStore } from './recent'
import { useSyncStore } from './sync'

export type LookupStatus = 'idle' | 'searching' | 'ready' | 'error'
/**
 * 'off': nothing to look up online (empty or one-letter query);
 * 'narrow': what is typed would list people rather than find one (src/shared/search.ts);
 * 'needs-session': signed in offline, the server has not checked this associate's PIN yet;
 * 'limited': this tablet or associate searched too often for now
 */
export type OnlineStatus = 'off' | 'offline' | 'loading' | 'ready' | 'error' | 'narrow' | 'needs-session' | 'limited'
export type { BookStatus } from './book-search'
export type { PinState } from './pinning'
export type ScanOutcome
  = | { kind: 'open', customerId: string }
    | { kind: 'notFound', code: string }
    | { kind: 'product', code: string }
    | { kind: 'unknown', text: string }

export const LOCAL_DEBOUNCE_MS = 120
const ONLINE_DEBOUNCE_MS = 350
export const ONLINE_MIN_CHARS = 2

export const useLookupStore = defineStore('lookup', () => {
  const device = useDeviceStore()
  const recent = useRecentStore()
  const associateSession = useAssociateSessionStore()
  const sync = useSyncStore()

  const query = ref('')
  const status = ref<LookupStatus>('idle')
  const localResults = ref<CustomerSummary[]>([])
  const onlineStatus = ref<OnlineStatus>('off')
  /** why the last online search or pin failed (code and the server's sentence) */
  const onlineProblem = ref<OnlineFailure | null>(null)
  const onlineHits = ref<CustomerSearchHit[]>([])
  const storeNames = ref<Record<string, string>>({})
  const isOnline = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const book = createBookSearch({ server: () => server(), isOnline, customersIn: () => sync.customersIn, debounceMs: LOCAL_DEBOUNCE_MS })
  const bookStatus = book.status
  /** The local matches, then the server's matches in the store's book not yet on the tablet. */
  const results = computed(() => {
    if (!book.hits.value.length)
      return localResults.value
    const local = new Set(localResults.value.map(c => c.id))
    return [...localResults.value, ...book.hits.value.filter(c => !local.has(c.id))]
  })

  if (typeof window !== 'undefined') {
    const update = () => {
      isOnline.value = navigator.onLine
      // Back online while the customers arrive: the server can be asked what was typed offline.
      if (isOnline.value && bookStatus.value === 'offline' && hasQuery.value)
        setQuery(query.value)
    }
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
  }

  let localTimer: ReturnType<typeof setTimeout> | undefined
  let onlineTimer: ReturnType<typeof setTimeout> | undefined
  let seq = 0
  let onlineAbort: AbortController | null = null

  const hasQuery = computed(() => query.value.trim().length > 0)

  function server(signal?: AbortSignal): ServerContext | null {
    const e = device.enrollment
    return e ? { baseUrl: e.serverUrl || '', token: e.token, ...(signal ? { signal } : {}) } : null
  }

  async function runLocal(text: string, mySeq: number): Promise<void> {
    markForeground()
    try {
      const found = await searchCustomers(text)
      if (mySeq !== seq)
        return
      localResults.value = found
      status.value = 'ready'
      // A customer that is local now (e.g. just arrived by replication) is no longer "other stores".
      const localIds = new Set(found.map(c => c.id))
      onlineHits.value = onlineHits.value.filter(h => !localIds.has(h.id))
    }
    catch (error) {
      if (mySeq === seq)
        status.value = 'error'
      console.error('Local customer search failed', error)
    }
  }

  async function runOnline(text: string, mySeq: number): Promise<void> {
    onlineAbort?.abort()
    const ctx = server((onlineAbort = new AbortController()).signal)
    if (!isOnline.value || !ctx) {
      onlineStatus.value = isOnline.value ? 'error' : 'offline'
      return
    }
    const token = associateSession.token
    if (!token) {
      onlineStatus.value = associateSession.state === 'starting' ? 'loading' : 'needs-session'
      return
    }
    try {
      const hits = await searchCustomersOnline(ctx, token, text)
      // Only customers this tablet doesn't hold: the local list already shows the others, and
      // those of the store's book still arriving are among the results too.
      const local = new Set((await getCustomersByIds(hits.map(h => h.id))).map(c => c.id))
      if (mySeq !== seq)
        return
      onlineHits.value = hits.filter(h => !local.has(h.id) && !(bookStatus.value !== 'off' && h.inBook))
      onlineStatus.value = 'ready'
      onlineProblem.value = null
    }
    catch (error) {
      if (mySeq !== seq)
        return
      onlineStatus.value = statusAfter(onlineFailure(error))
    }
  }

  // The last customers arrived: the local lookup finds everyone now.
  watch(() => sync.customersIn, (done) => {
    if (done && bookStatus.value !== 'off') {
      book.stop()
      if (hasQuery.value)
        setQuery(query.value)
    }
  })

  const { pins, pin } = createPinning({
    server: () => server(),
    sessionToken: () => associateSession.token,
    needsSession: () => {
      onlineStatus.value = 'needs-session'
    },
    failed: (failure) => {
      const status = statusAfter(failure)
      if (status === 'needs-session' || status === 'limited')
        onlineStatus.value = status
    },
    pinned: (customerId) => {
      onlineHits.value = onlineHits.value.filter(h => h.id !== customerId)
    },
  })

  function statusAfter(failure: OnlineFailure): OnlineStatus {
    onlineProblem.value = failure
    if (failure.kind === 'needs-session')
      associateSession.expired()
    if (failure.code === 'search-too-broad')
      return 'narrow'
    return failure.kind === 'offline' || failure.kind === 'needs-session' || failure.kind === 'limited' ? failure.kind : 'error'
  }

  // The session starts right after an online sign-in: a search typed meanwhile runs once it is there.
  watch(() => associateSession.token, (token) => {
    if (token && hasQuery.value && (onlineStatus.value === 'loading' || onlineStatus.value === 'needs-session'))
      setQuery(query.value)
  })

  /** The associate confirmed their PIN online: search the other stores for what is typed. */
  function retryOnline(): void {
    if (hasQuery.value)
      setQuery(query.value)
  }

  function setQuery(text: string): void {
    query.value = text
    const mySeq = ++seq
    clearTimeout(localTimer)
    clearTimeout(onlineTimer)
    onlineAbort?.abort()
    book.search(text, () => mySeq === seq)
    if (!text.trim()) {
      localResults.value = []
      onlineHits.value = []
      status.value = 'idle'
      onlineStatus.value = 'off'
      return
    }
    status.value = 'searching'
    // The lookup runs after the debounce; the background download yields from the keystroke on.
    markForeground(LOCAL_DEBOUNCE_MS)
    localTimer = setTimeout(() => void runLocal(text, mySeq), LOCAL_DEBOUNCE_MS)
    if (text.trim().length < ONLINE_MIN_CHARS) {
      onlineHits.value = []
      onlineStatus.value = isOnline.value ? 'off' : 'offline'
      return
    }
    if (isOnline.value && !isOnlineLookup(parseSearchQuery(text))) {
      onlineHits.value = []
      onlineStatus.value = 'narrow'
      return
    }
    onlineStatus.value = isOnline.value ? 'loading' : 'offline'
    if (isOnline.value)
      onlineTimer = setTimeout(() => void runOnline(text, mySeq), ONLINE_DEBOUNCE_MS)
  }

  /** Enter: skip the debounce and return the first local match, if any. */
  async function searchNow(): Promise<CustomerSummary | null> {
    clearTimeout(localTimer)
    if (!hasQuery.value)
      return null
    await runLocal(query.value, seq)
    return results.value[0] ?? null
  }

  function clear(): void {
    setQuery('')
  }

  /** A decoded QR or barcode: opens the card's customer, or says why it can't. */
  async function scanned(decoded: string): Promise<ScanOutcome> {
    const action = scanAction(decoded)
    if (action.kind === 'product')
      return { kind: 'product', code: action.code }
    if (action.kind === 'unknown')
      return action
    const customer = await findCustomerByLoyalty(action.key)
    if (customer)
      return { kind: 'open', customerId: customer.id }
    // Not in this store's book: search for it, so the online section can offer to pin it.
    setQuery(action.key)
    return { kind: 'notFound', code: action.key }
  }

  function remember(customerId: string): void {
    recent.remember(customerId)
  }

  async function loadRecent(): Promise<void> {
    await recent.load()
  }

  async function loadStoreNames(): Promise<void> {
    storeNames.value = await getStoreNames()
  }

  return {
    onlineProblem,
    query,
    status,
    results,
    bookStatus,
    hasQuery,
    onlineStatus,
    onlineHits,
    pins,
    storeNames,
    isOnline,
    recentCustomers: computed(() => recent.customers),
    storeId: computed(() => device.enrollment?.storeId ?? null),
    setQuery,
    retryOnline,
    searchNow,
    clear,
    pin,
    scanned,
    remember,
    loadRecent,
    loadStoreNames,
  }
})
