/**
 * The manager's identity screen: look-alike pairs to merge or dismiss, the log of merges
 * for the store's customers, and the customers pinned into or out of the store, with why. Online only (the server decides and merges); a
 * decision made is reflected by replication like any other server change.
 */
import type { OnlineFailure, OnlineOutcome } from '../api/online'
import type { IdentityDecision, IdentityMerge, IdentityReview } from '../shared/endpoints'
import type { StorePin } from '../shared/protocol'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { decideIdentityReview, listIdentityMerges, listIdentityReviews, listStorePins } from '../api/manager-api'
import { getStoreNames } from '../db/customers'
import { withServerSession } from './server-call'

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

  const failure = ref<OnlineFailure | null>(null)

  function settle<T>(outcome: OnlineOutcome<T>): outcome is { ok: true, value: T } {
    failure.value = outcome.ok ? null : outcome
    if (!outcome.ok)
      state.value = outcome.kind === 'needs-session' || outcome.kind === 'offline' ? outcome.kind : 'error'
    return outcome.ok
  }

  async function load(): Promise<ReviewsState> {
    state.value = 'loading'
    const outcome = await withServerSession(async (ctx, token) => ({
      reviews: await listIdentityReviews(ctx, token),
      merges: await listIdentityMerges(ctx, token),
      pins: await listStorePins(ctx, token),
    }))
    if (!settle(outcome))
      return state.value
    ;({ reviews: reviews.value, merges: merges.value, pins: pins.value } = outcome.value)
    return (state.value = 'ready')
  }

  async function decide(id: string, decision: IdentityDecision): Promise<void> {
    deciding.value = id
    const outcome = await withServerSession((ctx, token) => decideIdentityReview(ctx, token, id, decision))
    // Decided meanwhile on another tablet: the fresh list shows how.
    if (outcome.ok || outcome.code === 'already-decided')
      await load()
    else settle(outcome)
    deciding.value = null
  }

  return { state, failure, reviews, merges, pins, deciding, storeNames, loadStoreNames, load, decide }
})
