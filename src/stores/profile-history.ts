/**
 * The open profile's history from the server, where the tablet does not hold it (issue 24):
 * on a new tablet whose first download has not brought the history yet, the profile asks the
 * server for the customer's orders, visits and interactions at once (online) — offline it
 * says the history is still to come, and fetches it when the network is back; and "older
 * purchases" brings what is older than the tablet's window. Kept in memory for the open
 * profile only, merged under what the tablet holds (models/profile.ts, `withHistory`).
 * While the customers themselves are still arriving, the same answer brings the customer,
 * their cart and wishlist, which are written into the tablet as the download would write
 * them (stores/sync.ts, `writeAhead`): the profile then opens from the local database.
 */
import type { HistoryParts } from '../models/profile'
import type { Observable } from 'rxjs'
import { defineStore } from 'pinia'
import { BehaviorSubject } from 'rxjs'
import { ref, watch } from 'vue'
import { fetchCustomerHistory } from '../api/customers'
import { SyncHttpError } from '../api/http'
import { NO_HISTORY, withHistory } from '../models/profile'
import { useDeviceStore } from './device'
import { useSyncStore } from './sync'

/**
 * `pending`: the first download's history has not arrived and the server could not be asked;
 * `missing`: the server says the customer is not in this store's book.
 */
export type HistoryState = 'complete' | 'loading' | 'fetched' | 'pending' | 'missing'
export type OlderState = 'idle' | 'loading' | 'shown' | 'failed'

export const useProfileHistoryStore = defineStore('profile-history', () => {
  const device = useDeviceStore()
  const sync = useSyncStore()
  const state = ref<HistoryState>('complete')
  const older = ref<OlderState>('idle')
  let customerId: string | null = null
  let history = new BehaviorSubject<HistoryParts>(NO_HISTORY)

  function server() {
    const e = device.enrollment
    return e ? { baseUrl: e.serverUrl || '', token: e.token } : null
  }

  async function fetchInto(id: string, olderOnes: boolean): Promise<boolean | 'missing'> {
    const ctx = server()
    if (!ctx || !sync.online)
      return false
    const mine = history
    try {
      const reply = await fetchCustomerHistory(ctx, id, olderOnes)
      if (!olderOnes && reply.customer)
        await writeAhead(reply)
      if (mine === history)
        history.next(withHistory(history.value, reply))
      return true
    }
    catch (error) {
      return error instanceof SyncHttpError && error.status === 404 ? 'missing' : false
    }
  }

  /** The customer and their lists, where the download has not brought them yet. */
  async function writeAhead(reply: { customer: { id: string } | null, cart: { id: string } | null, wishlist: { id: string } | null }): Promise<void> {
    const some = <T>(doc: T | null) => (doc ? [doc] : [])
    try {
      await sync.writeAhead({ customers: some(reply.customer), carts: some(reply.cart), wishlists: some(reply.wishlist) })
    }
    catch (error) {
      // The profile then waits for the download, as offline: never a reason to lose the history shown.
      sync.reportError(error)
    }
  }

  async function fetchMissing(): Promise<void> {
    const id = customerId
    if (!id || sync.initialDone)
      return
    state.value = 'loading'
    const ok = await fetchInto(id, false)
    if (id === customerId)
      state.value = ok === 'missing' ? 'missing' : sync.initialDone ? 'complete' : ok ? 'fetched' : 'pending'
  }

  /** The history to merge into `id`'s profile; fetched at once if the tablet lacks it. */
  function follow(id: string): Observable<HistoryParts> {
    customerId = id
    history = new BehaviorSubject<HistoryParts>(NO_HISTORY)
    older.value = 'idle'
    state.value = 'complete'
    void fetchMissing()
    return history
  }

  function forget(): void {
    customerId = null
    history = new BehaviorSubject<HistoryParts>(NO_HISTORY)
    state.value = 'complete'
    older.value = 'idle'
  }

  /** The purchases older than the tablet's window, from the server. */
  async function loadOlder(): Promise<void> {
    const id = customerId
    if (!id || older.value === 'loading')
      return
    older.value = 'loading'
    const ok = await fetchInto(id, true)
    if (id === customerId)
      older.value = ok === true ? 'shown' : 'failed'
  }

  // The download's history arrived: the tablet holds it now. Back online: ask for what is missing.
  watch(() => sync.initialDone, (done) => {
    if (done)
      state.value = 'complete'
  })
  watch(() => sync.online, (online) => {
    if (online && state.value === 'pending')
      void fetchMissing()
  })

  return { state, older, follow, forget, loadOlder }
})
