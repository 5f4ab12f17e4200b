/**
 * One running sync of this device: the thirteen replications, the pending count, first-sync
 * progress and what the network is doing, reported to the sync store through callbacks so
 * the store stays free of RxDB. Requests go through an observing fetch: a pull or stream
 * that answered is "data as of now"; a refused request is a problem for its collection
 * until the same request succeeds; a request that never got an answer means offline.
 */
import type { RxReplicationState } from '../db/replication-api'
import type { Observable, Subscription } from 'rxjs'
import type { Checkpoint } from '../shared/protocol'
import type { CollectionName } from '../shared/types'
import type { ClientelingReplication, StreamStatus } from './replication'
import type { NetworkGateOptions } from './network-gate'
import type { SyncProblem } from '../domain/problems'
import type { ClientelingDatabase } from '../db/types'
import { merge } from 'rxjs'
import { COLLECTIONS } from '../shared/collections'
import { createNetworkGate, isGatewayFailure } from './network-gate'
import { pendingCount$ } from './pending'
import { recordRejection } from './rejections'
import { replicationIdentifier, startReplication } from './replication'
import { classifySyncError } from '../domain/problems'

export interface SyncListener {
  streamStatus(status: StreamStatus): void
  /** the server answered (true) or a request got no answer (false) */
  reachable(ok: boolean): void
  /** a pull or the stream delivered: the data is current as of now */
  synced(): void
  received(collection: CollectionName, count: number): void
  /** the first download's stage `stage` (FIRST_DOWNLOAD_STAGES) is in */
  stageDone?(stage: number): void
  active(active: boolean): void
  pending(count: number): void
  /** key: 'push:visits', 'pull:customers', 'stream', 'storage'; null clears it */
  problem(key: string, problem: SyncProblem | null): void
  authError(code: string): void
}

export interface SyncSessionOptions {
  db: ClientelingDatabase
  baseUrl: string
  token: string
  deviceId: string
  waitForLeadership: boolean
  retryTime?: number
  fetch?: typeof fetch
  /** the associate signed in now, named on pushes for the server's audit log */
  associateId?: () => string | null
  /** see StartReplicationOptions.bookOpen$ */
  bookOpen$?: Observable<boolean>
  /**
   * A new tablet's first download: nothing can be written on it before that ends, so nothing
   * is pending, and the count starts once it has settled instead of reading again every
   * document the download writes.
   */
  firstSync?: boolean
  /** of the first download, the stages already in (a reload in the middle) */
  stagesDone?: number
  /** the back-off while the server can't be reached (./network-gate.ts) */
  backoff?: NetworkGateOptions
}

export interface SyncSession {
  replication: ClientelingReplication
  awaitInitial(): Promise<void>
  /** the first download done and every queue behind it drained (RxDB's checkpoints written) */
  awaitSettled(): Promise<void>
  /** see ClientelingReplication.writeAhead */
  writeAhead: ClientelingReplication['writeAhead']
  syncNow(): void
  cancel(): Promise<void>
}

export function identifiersFor(baseUrl: string, deviceId: string) {
  return (c: CollectionName) => replicationIdentifier(baseUrl, deviceId, c)
}

/** '/api/sync/visits/push' → 'push:visits'; the stream → 'stream'. */
export function requestKey(url: string): string {
  const m = /\/api\/sync\/([a-z]+)\/(pull|push)/.exec(url)
  if (m)
    return `${m[2]}:${m[1]}`
  return url.includes('/api/sync/stream') ? 'stream' : 'other'
}

async function problemFrom(res: Response): Promise<SyncProblem> {
  let code = `http-${res.status}`
  let message = res.statusText
  try {
    const body = await res.clone().json() as { error?: { code?: string, message?: string } }
    code = body.error?.code ?? code
    message = body.error?.message ?? message
  }
  catch {
    // not JSON: keep the status
  }
  return classifySyncError({ name: 'SyncHttpError', code, message })
}

export function openSyncSession(options: SyncSessionOptions, on: SyncListener): SyncSession {
  let cancelled = false
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))

  const gate = createNetworkGate(options.backoff)

  const observed: typeof fetch = async (input, init) => {
    const key = requestKey(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    const who = key.startsWith('push:') ? options.associateId?.() : null
    if (who)
      init = { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), 'X-Associate-Id': who } }
    // Aborted while it waited: it never went out, so it says nothing about the network.
    const report = await gate.enter(init?.signal)
    try {
      const res = await baseFetch(input, init)
      // A proxy's 502/503/504 is no answer from the server: for the back-off and the status alike.
      const answered = !isGatewayFailure(res.status)
      report(answered)
      if (cancelled)
        return res
      on.reachable(answered)
      if (res.ok) {
        on.problem(key, null)
        if (key.startsWith('pull:') || key === 'stream')
          on.synced()
      }
      else if (res.status !== 401) {
        const problem = await problemFrom(res)
        // A refused push is set aside document by document (./rejections) and shown there;
        // the collection itself keeps syncing.
        if (!(key.startsWith('push:') && problem.kind === 'rejected'))
          on.problem(key, problem)
      }
      return res
    }
    catch (error) {
      // No answer (network down, timeout, dead stream); our own cancel is not "offline".
      if (!cancelled) {
        report(false)
        on.reachable(false)
      }
      throw error
    }
  }

  const replication = startReplication({
    db: options.db,
    baseUrl: options.baseUrl,
    token: options.token,
    deviceId: options.deviceId,
    waitForLeadership: options.waitForLeadership,
    retryTime: options.retryTime,
    fetch: observed,
    onAuthError: code => !cancelled && on.authError(code),
    onRejected: recordRejection,
    bookOpen$: options.bookOpen$,
    bootstrap: options.firstSync
      ? { onWritten: (c, n) => !cancelled && on.received(c, n), onStageDone: stage => !cancelled && on.stageDone?.(stage), stagesDone: options.stagesDone }
      : undefined,
  })
  // One element type for thirteen document types: only the events are read here.
  const states = COLLECTIONS.map(c => [c, replication.replications[c] as RxReplicationState<unknown, Checkpoint>] as const)
  const subs: Subscription[] = []
  subs.push(replication.status$.subscribe((s) => {
    on.streamStatus(s)
    if (s === 'live')
      on.synced()
  }))
  for (const [c, state] of states) {
    subs.push(state.received$.subscribe(() => on.received(c, 1)))
    subs.push(state.error$.subscribe((error) => {
      const problem = classifySyncError(error)
      // HTTP answers are handled by the observing fetch, per request; here only the local side.
      if (problem.kind === 'storage-full' || problem.kind === 'storage')
        on.problem('storage', problem)
    }))
  }
  const active = new Set<CollectionName>()
  for (const [c, state] of states) {
    subs.push(state.active$.subscribe((isActive) => {
      if (isActive)
        active.add(c)
      else
        active.delete(c)
      on.active(active.size > 0)
    }))
  }
  let settled: Promise<void> | undefined
  let onCancel = () => {}
  const cancelled$ = new Promise<void>(resolve => onCancel = resolve)
  // Cancelled first: settled as far as it will get.
  const awaitSettled = () => settled ??= Promise.race([replication.awaitInitialReplication().then(() => replication.awaitInSync()), cancelled$])
  const acknowledged$ = merge(...states.map(([, s]) => s.sent$), ...states.map(([, s]) => s.active$))
  const countPendingNow = () => {
    if (cancelled)
      return
    subs.push(pendingCount$(options.db, identifiersFor(options.baseUrl, options.deviceId), acknowledged$).subscribe({
      next: n => on.pending(n),
      error: error => on.problem('storage', classifySyncError(error)),
    }))
  }
  // From the start, first download or not: an associate may write as soon as the customers
  // are in, and the download's documents (below 'up') cost the count nothing.
  countPendingNow()

  return {
    replication,
    awaitInitial: () => replication.awaitInitialReplication(),
    awaitSettled,
    writeAhead: parts => replication.writeAhead(parts),
    syncNow: () => {
      gate.wake()
      replication.reSync()
    },
    cancel: async () => {
      cancelled = true
      gate.close()
      onCancel()
      subs.forEach(s => s.unsubscribe())
      await replication.cancel()
    },
  }
}
