/**
 * Not a store: the sync store's (./sync.ts) bookkeeping of a new tablet's first download
 * (issue 24) — which stages are in, what each collection has received against the
 * server's totals, and so what an associate may do yet (sign in, look customers up locally)
 * and what the sync chip says is still coming. Kept in localStorage with the sync store's
 * other state, through `persist`, so a reload resumes the stages where they were.
 */
import type { CollectionName } from '../shared/types'
import { computed, ref } from 'vue'
import { CUSTOMERS_STAGE, FIRST_DOWNLOAD_STAGES, SIGN_IN_STAGE } from '../shared/collections'
import { backgroundProgress, downloadProgress, overallProgress } from '../domain/sync-status'

const ALL_STAGES = FIRST_DOWNLOAD_STAGES.length

export function createFirstDownload(saved: { initialDone: boolean, stagesDone?: number }, persist: () => void) {
  const initialDone = ref(saved.initialDone)
  const stagesDone = ref(saved.initialDone ? ALL_STAGES : saved.stagesDone ?? 0)
  /** Staff and store are in: an associate can sign in while the rest comes. */
  const signInReady = computed(() => initialDone.value || stagesDone.value > SIGN_IN_STAGE)
  /** The whole customer book is on the tablet; before, the lookup also asks the server (stores/lookup.ts). */
  const customersIn = computed(() => initialDone.value || stagesDone.value > CUSTOMERS_STAGE)
  const totals = ref<Partial<Record<CollectionName, number>>>({})
  const done = ref<Partial<Record<CollectionName, number>>>({})
  const progress = computed(() => downloadProgress(totals.value, done.value))
  const overall = computed(() => overallProgress(progress.value))
  const background = computed(() => backgroundProgress(progress.value, stagesDone.value))

  function stageDone(stage: number): void {
    stagesDone.value = Math.max(stagesDone.value, stage + 1)
    persist()
  }

  function received(c: CollectionName, n: number): void {
    if (!initialDone.value)
      done.value = { ...done.value, [c]: (done.value[c] ?? 0) + n }
  }

  /** Everything is in: the counts are the server's, and the tablet never downloads from scratch again. */
  function complete(): void {
    done.value = { ...totals.value }
    initialDone.value = true
    stagesDone.value = ALL_STAGES
    persist()
  }

  /** After a reset: the next enrollment starts a first download from scratch. */
  function forget(): void {
    initialDone.value = false
    stagesDone.value = 0
    totals.value = {}
    done.value = {}
  }

  return { initialDone, stagesDone, signInReady, customersIn, totals, done, progress, overall, background, stageDone, received, complete, forget }
}
