/**
 * The manager's identity screen: look-alike pairs to merge or dismiss, and the log of
 * merges for the store's customers. Online only (the server decides and merges); a
 * decision made is reflected by replication like any other server change.
 */
import type { IdentityMerge, IdentityReview } from '../db/manager-api'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { decideIdentityReview, listIdentityMerges, listIdentityReviews } from '../db/manager-api'
import { useManagerSessionStore } from './manager-session'

export type ReviewsState = 'idle' | 'loading' | 'ready' | 'offline' | 'needs-session' | 'error'

export const useIdentityReviewsStore = defineStore('identity-reviews', () => {
  const state = ref<ReviewsState>('idle')
  const reviews = ref<IdentityReview[]>([])
  const merges = ref<IdentityMerge[]>([])
  const deciding = ref<string | null>(null)

  function fail(error: unknown): ReviewsState {
    const code = (error as { code?: string }).code
    if (code === 'session-required') {
      useManagerSessionStore().expired()
      return (state.value = 'needs-session')
    }
    return (state.value = error instanceof TypeError || code === 'timeout' ? 'offline' : 'error')
  }

  async function load(): Promise<ReviewsState> {
    const session = useManagerSessionStore()
    const ctx = session.server()
    if (!ctx || !session.token)
      return (state.value = 'needs-session')
    state.value = 'loading'
    try {
      reviews.value = await listIdentityReviews(ctx, session.token)
      merges.value = await listIdentityMerges(ctx, session.token)
      return (state.value = 'ready')
    }
    catch (error) {
      return fail(error)
    }
  }

  async function decide(id: string, decision: 'merge' | 'dismiss'): Promise<void> {
    const session = useManagerSessionStore()
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

  return { state, reviews, merges, deciding, load, decide }
})
