/**
 * The device's one live stream (`GET /api/sync/stream`) shared by all thirteen replications.
 * Read with fetch, not EventSource: EventSource can't send the Authorization header and
 * Node 20 has none. Each collection gets an observable for RxDB's `pull.stream$`; the
 * connection runs only while at least one replication listens (the leader tab), and every
 * (re)connect emits 'RESYNC' to every collection so RxDB pulls whatever the stream missed.
 */
import type { RxReplicationPullStreamItem } from '../db/replication-api'
import type { Checkpoint, StreamEvent } from '../shared/protocol'
import type { CollectionName, DocTypes } from '../shared/types'
import type { HttpContext } from '../api/http'
import { BehaviorSubject, merge, Observable, share, Subject } from 'rxjs'
import { isCollectionName } from '../shared/collections'
import { createSseParser } from '../shared/sse'
import { authHeaders, errorFromResponse } from '../api/http'

export type StreamStatus = 'connecting' | 'live' | 'offline' | 'error'

export type StreamItem<C extends CollectionName> = RxReplicationPullStreamItem<DocTypes[C], Checkpoint>

export interface StreamOptions extends HttpContext {
  collections: readonly CollectionName[]
  /** back-off after a failure: min doubles per attempt up to max, with jitter */
  minDelay?: number
  maxDelay?: number
  /** ms without a byte (data or heartbeat comment) before the connection counts as dead */
  idleTimeout?: number
}

export interface SyncStream {
  stream$<C extends CollectionName>(collection: C): Observable<StreamItem<C>>
  status$: Observable<StreamStatus>
  /** skip the back-off wait and reconnect now (the network is back) */
  reconnectNow(): void
}

export function createSyncStream(options: StreamOptions): SyncStream {
  const { collections, signal, minDelay = 1000, maxDelay = 30_000, idleTimeout = 60_000 } = options
  const subjects = new Map(collections.map(c => [c, new Subject<StreamItem<CollectionName>>()]))
  const status$ = new BehaviorSubject<StreamStatus>('offline')
  let wake: (() => void) | undefined

  function route(data: string) {
    let ev: Partial<StreamEvent>
    try {
      ev = JSON.parse(data) as Partial<StreamEvent>
    }
    catch {
      return // not ours; the stream is only for documents
    }
    const subject = typeof ev.collection === 'string' && isCollectionName(ev.collection) ? subjects.get(ev.collection) : undefined
    if (!subject || !Array.isArray(ev.documents))
      return
    // Without a checkpoint RxDB would store `{}` as one: pull instead.
    subject.next(ev.checkpoint ? { documents: ev.documents, checkpoint: ev.checkpoint } as StreamItem<CollectionName> : 'RESYNC')
  }

  async function connectOnce(run: AbortSignal) {
    const controller = new AbortController()
    const abort = () => controller.abort()
    run.addEventListener('abort', abort, { once: true })
    let idle: ReturnType<typeof setTimeout> | undefined
    const touch = () => {
      clearTimeout(idle)
      idle = setTimeout(abort, idleTimeout)
    }
    try {
      touch()
      const res = await options.fetch(`${options.baseUrl}/api/sync/stream`, {
        headers: authHeaders(options, { Accept: 'text/event-stream' }),
        signal: controller.signal,
      })
      if (!res.ok)
        throw await errorFromResponse(res, options.onAuthError)
      if (!res.body)
        throw new Error('The sync stream has no body')
      status$.next('live')
      for (const subject of subjects.values())
        subject.next('RESYNC')
      const reader = res.body.getReader()
      const decoder = new TextDecoder()
      const parser = createSseParser(e => route(e.data))
      for (;;) {
        touch()
        const { done, value } = await reader.read()
        if (done)
          break
        parser.push(decoder.decode(value, { stream: true }))
      }
    }
    finally {
      clearTimeout(idle)
      run.removeEventListener('abort', abort)
      controller.abort() // releases the connection if we stopped reading early
    }
  }

  function pause(ms: number, run: AbortSignal) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, ms)
      function finish() {
        clearTimeout(timer)
        wake = undefined
        run.removeEventListener('abort', finish)
        resolve()
      }
      wake = finish
      run.addEventListener('abort', finish, { once: true })
    })
  }

  async function loop(run: AbortSignal) {
    let attempt = 0
    while (!run.aborted) {
      status$.next('connecting')
      const startedAt = Date.now()
      let status: StreamStatus = 'offline'
      try {
        await connectOnce(run)
      }
      catch (error) {
        // An HTTP answer (401, 403, 500) is the server refusing; anything else is the network.
        status = error instanceof Error && 'status' in error ? 'error' : 'offline'
      }
      if (run.aborted)
        break
      status$.next(status)
      // A connection that stayed up longer than the longest wait was healthy: start over.
      attempt = Date.now() - startedAt > maxDelay ? 0 : attempt + 1
      const delay = Math.min(maxDelay, minDelay * 2 ** Math.max(0, attempt - 1))
      await pause(delay / 2 + Math.random() * delay / 2, run)
    }
    status$.next('offline')
  }

  // Runs the loop while anyone subscribes; share() stops it when the last one leaves.
  const driver$ = new Observable<never>(() => {
    const run = new AbortController()
    const stop = () => run.abort()
    if (signal.aborted)
      run.abort()
    signal.addEventListener('abort', stop, { once: true })
    const online = () => wake?.()
    globalThis.addEventListener?.('online', online)
    void loop(run.signal)
    return () => {
      signal.removeEventListener('abort', stop)
      globalThis.removeEventListener?.('online', online)
      run.abort()
    }
  }).pipe(share())

  return {
    stream$: <C extends CollectionName>(collection: C) =>
      merge(subjects.get(collection)!, driver$) as Observable<StreamItem<C>>,
    status$: status$.asObservable(),
    reconnectNow: () => wake?.(),
  }
}
