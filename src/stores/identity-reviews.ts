/**
 * The manager's identity screen: look-alike pairs to merge or dismiss, the log of merges
 * for the store's customers, and the customers pinned into or out of the store, with why. Online only (the server decides and merges); a
 * decision made is reflected by replication like any other server change.
 */
import type { IdentityMerge, IdentityReview } from '../shared/endpoints'
import type { StorePin } from '../shared/protocol'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { decideIdentityReview, listIdentityMerges, listIdentityReviews, listStorePins } from '../api/manager-api'
import { getStoreNames } from '../db/customers'
import { useAssociateSessionStore } from './associate-session'

export type ReviewsState = 'idle' | 'loading' | 'ready' | 'offline' | 'needs-session' | 'error'

export const useIdentityReviewsStore = defineStore('identity-reviews', () => {
  const state = ref<ReviewsState>('idle')
  const reviews = ref<IdentityReview[]>([])
  const merges = ref<IdentityMerge[]>([])
  const pins = ref<StorePin[]>([])
  const deciding = ref<string | null>(null)
  /** store id → name, from the tablet's own database (offline too), for the merge log */
  const storeNames = ref<Record<string, string>>({})

  async function loadStoreNames(): Promise<void> {
    storeNames.value = await getStoreNames()
  }

  function fail(error: unknown): ReviewsState {
    const code = (error as { code?: string }).code
    if (code === 'session-required') {
      useAssociateSessionStore().expired()
      return (state.value = 'needs-session')
    }
    return (state.value = error instanceof TypeError || code === 'timeout' ? 'offline' : 'error')
  }

  async function load(): Promise<ReviewsState> {
    const session = useAssociateSessionStore()
    const ctx = session.server()
    if (!ctx || !session.token)
      return (state.value = 'needs-session')
    state.value = 'loading'
    try {
      reviews.value = await listIdentityReviews(ctx, session.token)
      merges.value = await listIdentityMerges(ctx, session.token)
      pins.value = await listStorePins(ctx, session.token)
      return (state.value = 'ready')
    }
    catch (error) {
      return fail(error)
    }
  }

  async function decide(id: string, decision: 'merge' | 'dismiss'): Promise<void> {
    const session = useAssociateSessionStore()
    const ctx = session.server()
    if (!ctx || !session.token) {
      state.value = 'needs-session'
      return
    }
    deciding.value = id
    try {
      await decideIdentityReview(ctx, session.token, id, decision)
      await load()
    }
    catch (error) {
      // Decided meanwhile on another tablet: the fresh list shows how.
      if ((error as { code?: string }).code === 'already-decided')
        await load()
      else fail(error)
    }
    finally {
      deciding.value = null
    }
  }

  return { state, reviews, merges, pins, deciding, storeNames, loadStoreNames, load, decide }
})
