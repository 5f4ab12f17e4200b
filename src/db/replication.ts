/**
 * Replication of all ten collections with the sync-server (DESIGN.md, "Replication
 * protocol"): RxDB's replicateRxCollection with our HTTP handlers, and one shared SSE
 * stream for live changes. The server is the master; conflicts it reports are merged by
 * each collection's conflict handler (src/shared/merge).
 */
import type { ReplicationPullHandler, ReplicationPushHandler } from 'rxdb'
import type { RxReplicationState } from 'rxdb/plugins/replication'
import type { Observable } from 'rxjs'
import type { Checkpoint, PullResponse, PushRow } from '../shared/protocol'
import type { CollectionName, DocTypes, WithDeleted } from '../shared/types'
import type { AppError } from '../shared/errors'
import type { HttpContext } from './http'
import type { Rejection } from './rejections'
import type { StreamStatus, SyncStream } from './stream'
import type { ClientelingDatabase } from './types'
import { replicateRxCollection } from 'rxdb/plugins/replication'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { stripLocal } from '../shared/equal'
import { DEFAULT_PULL_LIMIT } from '../shared/protocol'
import { emailKey, phoneKey } from '../shared/search'
import { normaliseBaseUrl, requestJson, SyncHttpError } from './http'
import { PUSHED_COLLECTIONS } from './pending'
import { isPermanentRejection } from './rejections'
import { bootstrapDownload } from './bootstrap'
import { createSyncStream } from './stream'

export type { SyncError } from './http'
export { SyncHttpError } from './http'
export type { StreamStatus } from './stream'

export interface StartReplicationOptions {
  db: ClientelingDatabase
  /** the sync-server's origin, '' for the app's own origin */
  baseUrl: string
  token: string
  deviceId: string
  fetch?: typeof fetch
  /** documents per pull request */
  batchSize?: number
  /** rows per push request */
  pushBatchSize?: number
  /** false: replicate until in sync, then stop (no stream) */
  live?: boolean
  /** ms between retries of a failed pull or push (RxDB's default is 5 s) */
  retryTime?: number
  /** only the leader tab replicates; Node tests pass false */
  waitForLeadership?: boolean
  /** a 401 from any request: the token is wrong or the device was revoked */
  onAuthError?: (code: string) => void
  /** ms before an unanswered request is abandoned and retried */
  requestTimeout?: number
  /** ms of silence (no data, no heartbeat) before the stream reconnects */
  streamIdleTimeout?: number
  /**
   * A document the server refuses for good (4xx). Given: the document is set aside through
   * this callback and the rest of the batch is pushed; not given: the push fails and RxDB retries.
   */
  onRejected?: (rejection: Rejection) => void
  /**
   * The customer book is readable (an associate is signed in): the collections that hold
   * customers' data replicate only while this says true (their contact fields are sealed
   * with a key that is in memory only then, ./sealed-storage.ts). Not given: always.
   */
  bookOpen$?: Observable<boolean>
  /**
   * A new tablet's first download: written straight into the storage before the replication
   * starts (./bootstrap.ts), reporting each page written here.
   */
  bootstrap?: { onWritten?: (collection: CollectionName, count: number) => void }
}

/** The collections a tablet pushes are those whose documents name a customer: paused while the book is locked. */
const BOOK_COLLECTIONS = PUSHED_COLLECTIONS

/**
 * The server derives a customer's search keys from the e-mail and phone; on the tablet they
 * are stored blind. Pushed documents carry the plain keys again.
 */
async function plainKeys<T>(doc: T): Promise<T> {
  const d = doc as { email?: string | null, phone?: string | null }
  return { ...doc, emailKey: emailKey(d.email), phoneKey: phoneKey(d.phone) }
}

export type Replications = { [C in CollectionName]: RxReplicationState<DocTypes[C], Checkpoint> }

export interface ClientelingReplication {
  replications: Replications
  awaitInitialReplication(): Promise<void>
  awaitInSync(): Promise<void>
  /** pull every collection now and reconnect the stream if it is waiting to */
  reSync(): void
  cancel(): Promise<void>
  status$: Observable<StreamStatus>
}

/** Stable per device and server: a new identifier would re-push every local document. */
export function replicationIdentifier(baseUrl: string, deviceId: string, collection: CollectionName): string {
  return `clienteling:${normaliseBaseUrl(baseUrl)}:${deviceId}:${collection}`
}

export function pullHandlerFor<C extends CollectionName>(ctx: HttpContext, collection: C): ReplicationPullHandler<DocTypes[C], Checkpoint> {
  return async (checkpoint, batchSize) => {
    const query = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint ?? null))}&limit=${batchSize}`
    const res = await requestJson<PullResponse<DocTypes[C]>>(ctx, `/api/sync/${collection}/pull?${query}`)
    if (!res || !Array.isArray(res.documents))
      throw new SyncHttpError('invalid-response', `The pull of ${collection} did not answer { documents, checkpoint }`, 200)
    // A null checkpoint means "nothing new": keep ours rather than forget our position.
    return { documents: res.documents, checkpoint: res.checkpoint ?? checkpoint }
  }
}

type PushRows<C extends CollectionName> = Parameters<ReplicationPushHandler<DocTypes[C]>>[0]

async function pushRows<C extends CollectionName>(ctx: HttpContext, collection: C, rows: PushRows<C>): Promise<WithDeleted<DocTypes[C]>[]> {
  // _meta/_rev/_attachments are this database's bookkeeping; the server's schema refuses them.
  const body: PushRow<DocTypes[C]>[] = rows.map(row => ({
    newDocumentState: stripLocal(row.newDocumentState) as WithDeleted<DocTypes[C]>,
    assumedMasterState: row.assumedMasterState ? stripLocal(row.assumedMasterState) as WithDeleted<DocTypes[C]> : null,
  }))
  const conflicts = await requestJson<WithDeleted<DocTypes[C]>[]>(ctx, `/api/sync/${collection}/push`, { method: 'POST', body })
  if (!Array.isArray(conflicts))
    throw new SyncHttpError('invalid-response', `The push of ${collection} did not answer an array of conflicts`, 200)
  return conflicts
}

/**
 * The server refuses a whole push for one bad document. With `onRejected`, a refused batch
 * is re-sent one document at a time: the good ones are written, each refused one is set
 * aside (reported as not conflicting, so RxDB moves on) and shown to the associate. A
 * transient failure meanwhile still throws, and RxDB retries the batch (the documents
 * already written are then replays).
 */
export function pushHandlerFor<C extends CollectionName>(ctx: HttpContext, collection: C, onRejected?: (rejection: Rejection) => void): ReplicationPushHandler<DocTypes[C]> {
  const setAside = (row: PushRows<C>[number], error: AppError | SyncHttpError) => onRejected?.({
    collection,
    id: String((row.newDocumentState as { id: unknown }).id),
    code: error.code,
    message: error.message,
    at: new Date().toISOString(),
  })
  return async (rows) => {
    try {
      return await pushRows(ctx, collection, rows)
    }
    catch (error) {
      if (!onRejected || !isPermanentRejection(error))
        throw error
      if (rows.length === 1) {
        setAside(rows[0]!, error)
        return []
      }
    }
    const conflicts: WithDeleted<DocTypes[C]>[] = []
    for (const row of rows) {
      try {
        conflicts.push(...await pushRows(ctx, collection, [row]))
      }
      catch (error) {
        if (!isPermanentRejection(error))
          throw error
        setAside(row, error)
      }
    }
    return conflicts
  }
}

export function startReplication(options: StartReplicationOptions): ClientelingReplication {
  const {
    db,
    deviceId,
    batchSize = DEFAULT_PULL_LIMIT,
    pushBatchSize = 100,
    live = true,
    retryTime,
    waitForLeadership = true,
  } = options
  const controller = new AbortController()
  const ctx: HttpContext = {
    baseUrl: normaliseBaseUrl(options.baseUrl),
    token: options.token,
    // Bound: a browser's fetch called as a method of another object throws "Illegal invocation".
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    onAuthError: options.onAuthError,
    signal: controller.signal,
    timeout: options.requestTimeout ?? 60_000,
  }
  const stream: SyncStream = createSyncStream({ ...ctx, collections: COLLECTIONS, idleTimeout: options.streamIdleTimeout })

  function replicate<C extends CollectionName>(collection: C): RxReplicationState<DocTypes[C], Checkpoint> {
    return replicateRxCollection<DocTypes[C], Checkpoint>({
      replicationIdentifier: replicationIdentifier(options.baseUrl, deviceId, collection),
      collection: db[collection],
      pull: { handler: pullHandlerFor(ctx, collection), batchSize, stream$: stream.stream$(collection) },
      // Server-owned collections are pull-only: the server would refuse a push (403) forever,
      // and without push RxDB skips its per-document pull bookkeeping (faster catalogue loads).
      push: collectionRules[collection].deviceWritable
        ? { handler: pushHandlerFor(ctx, collection, options.onRejected), batchSize: pushBatchSize, modifier: collection === 'customers' ? plainKeys : undefined }
        : undefined,
      live,
      autoStart: !options.bootstrap && !(options.bookOpen$ && BOOK_COLLECTIONS.includes(collection)),
      retryTime,
      waitForLeadership,
    })
  }

  const replications = Object.fromEntries(COLLECTIONS.map(c => [c, replicate(c)])) as Replications
  const all = () => Object.values(replications) as RxReplicationState<unknown, Checkpoint>[]
  const book = () => BOOK_COLLECTIONS.map(c => replications[c] as RxReplicationState<unknown, Checkpoint>)
  // Started when the book opens, paused (not cancelled: checkpoints and pending pushes stay) when it locks.
  let bookSub: { unsubscribe: () => void } | undefined
  const follow = () => {
    bookSub = options.bookOpen$?.subscribe((open) => {
      for (const r of book()) void (open ? r.start() : r.pause())
    })
  }
  if (options.bootstrap) {
    void bootstrapDownload({
      db,
      ctx,
      identifierFor: c => replicationIdentifier(options.baseUrl, deviceId, c),
      pull: (c, checkpoint, limit) => pullHandlerFor(ctx, c)(checkpoint, limit) as Promise<{ documents: unknown[], checkpoint: Checkpoint | undefined }>,
      onWritten: options.bootstrap.onWritten,
    }).then(() => {
      if (controller.signal.aborted)
        return
      for (const c of COLLECTIONS) {
        if (!(options.bookOpen$ && BOOK_COLLECTIONS.includes(c)))
          void replications[c].start()
      }
      follow()
    })
  }
  else {
    follow()
  }

  return {
    replications,
    awaitInitialReplication: async () => {
      await Promise.all(all().map(r => r.awaitInitialReplication()))
    },
    awaitInSync: async () => {
      await Promise.all(all().map(r => r.awaitInSync()))
    },
    reSync: () => {
      for (const r of all())
        r.reSync()
      stream.reconnectNow()
    },
    cancel: async () => {
      bookSub?.unsubscribe()
      await Promise.all(all().map(r => r.cancel()))
      // After the cancel, so in-flight requests that now fail aren't reported as sync errors.
      controller.abort()
    },
    status$: stream.status$,
  }
}
