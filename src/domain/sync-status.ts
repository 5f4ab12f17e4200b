/**
 * What the sync chip, the device page and the first-download screen show, derived from the
 * sync store's raw state: pure, so each rule is tested without a database or a server.
 */
import type { SyncProblem } from './problems'
import type { CollectionName } from '../shared/types'
import { COLLECTIONS, CUSTOMERS_STAGE, FIRST_DOWNLOAD_STAGES } from '../shared/collections'

export type BackgroundLabel = 'customers' | 'lists' | 'history'

/** `background`: the first download goes on while associates already work (staff and store are in). */
export type SyncStatus = 'idle' | 'initial' | 'background' | 'syncing' | 'live' | 'offline' | 'error'
export interface CollectionProgress { done: number, total: number | null }
export interface SyncErrorInfo { kind: SyncProblem['kind'], code: string, message: string }

/** Which problem to show first when several are known. */
const PROBLEM_ORDER: SyncProblem['kind'][] = ['storage-full', 'storage', 'rejected', 'server']

export function syncError(authError: string | null, problems: Record<string, SyncProblem>): SyncErrorInfo | null {
  if (authError)
    return { kind: 'auth', code: authError, message: '' }
  const all = Object.values(problems)
  const first = PROBLEM_ORDER.map(kind => all.find(p => p.kind === kind)).find(Boolean)
  return first ? { kind: first.kind, code: first.code, message: first.message } : null
}

export interface SyncState {
  error: SyncErrorInfo | null
  running: boolean
  initialDone: boolean
  /** the first download's staff and store are in (an associate can sign in) */
  signInReady?: boolean
  online: boolean
  active: boolean
  pendingCount: number
  live: boolean
}

export function syncStatus(s: SyncState): SyncStatus {
  if (s.error)
    return 'error'
  if (!s.running)
    return 'idle'
  if (!s.initialDone && !s.signInReady)
    return 'initial'
  if (!s.online)
    return 'offline'
  if (!s.initialDone)
    return 'background'
  if (s.active || s.pendingCount > 0 || !s.live)
    return 'syncing'
  return 'live'
}

/** Per collection: documents written so far, capped at the server's count once it is known. */
export function downloadProgress(totals: Partial<Record<CollectionName, number>>, done: Partial<Record<CollectionName, number>>): Record<CollectionName, CollectionProgress> {
  return Object.fromEntries(COLLECTIONS.map((c) => {
    const total = totals[c] ?? null
    const have = done[c] ?? 0
    return [c, { done: total === null ? have : Math.min(have, total), total }]
  })) as Record<CollectionName, CollectionProgress>
}

/**
 * The one percentage every progress display shows for done of total: rounded down, so 100 %
 * means all of it (never 457 of 458), and 100 for an empty collection. The bar and the text
 * beside it use this same number.
 */
export function progressPercent(done: number, total: number | null): number {
  if (total === null)
    return 0
  return total === 0 ? 100 : Math.min(100, Math.floor(done / total * 100))
}

export function overallProgress(progress: Record<CollectionName, CollectionProgress>): CollectionProgress {
  const rows = Object.values(progress)
  const known = rows.every(r => r.total !== null)
  return { done: rows.reduce((n, r) => n + r.done, 0), total: known ? rows.reduce((n, r) => n + (r.total ?? 0), 0) : null }
}

/**
 * While the first download goes on in the background: what is still coming (the customers,
 * then their lists — carts, wishlists, messages — then their history) and how far that stage is.
 */
export function backgroundProgress(progress: Record<CollectionName, CollectionProgress>, stagesDone: number): { label: BackgroundLabel, percent: number } {
  const stage = Math.min(Math.max(stagesDone, CUSTOMERS_STAGE), FIRST_DOWNLOAD_STAGES.length - 1)
  const rows = FIRST_DOWNLOAD_STAGES[stage]!.map(c => progress[c])
  const known = rows.every(r => r.total !== null)
  const percent = progressPercent(rows.reduce((n, r) => n + r.done, 0), known ? rows.reduce((n, r) => n + (r.total ?? 0), 0) : null)
  return { label: stage === CUSTOMERS_STAGE ? 'customers' : stage === FIRST_DOWNLOAD_STAGES.length - 1 ? 'history' : 'lists', percent }
}
