/**
 * Replication of all thirteen collections with the sync-server (docs/DESIGN.md, "Replication
 * protocol"): RxDB's replicateRxCollection with our HTTP handlers, and one shared SSE
 * stream for live changes. The server is the master; conflicts it reports are merged by
 * each collection's conflict handler (src/shared/merge).
 */
import type { RxReplicationState } from '../db/replication-api'
import type { Observable } from 'rxjs'
import type { Checkpoint } from '../shared/protocol'
import type { CollectionName, DocTypes } from '../shared/types'
import type { HttpContext } from '../api/http'
import type { Rejection } from '../models/rejection'
import type { StreamStatus, SyncStream } from './stream'
import type { ClientelingDatabase } from '../db/types'
import { registerFirstDownloadBases, replicateRxCollection } from '../db/replication-api'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { DEFAULT_PULL_LIMIT } from '../shared/protocol'
import { foregroundIdle, foregroundRecently } from '../platform/foreground'
import { ageOut, HISTORY_COLLECTIONS } from './age-out'
import { bootstrapDownload, writeAhead } from './bootstrap'
import { callEndpoint, normaliseBaseUrl } from '../api/http'
import { PUSHED_COLLECTIONS } from './pending'
import { createStarter } from './starts'
import { createSyncStream } from './stream'
import { plainKeys, pullHandlerFor, pullNewest, pushHandlerFor } from './handlers'

export type { SyncError } from '../api/http'
export { SyncHttpError } from '../api/http'
export { pullHandlerFor, pushHandlerFor } from './handlers'
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
  bootstrap?: {
    onWritten?: (collection: CollectionName, count: number) => void
    /** a stage of the download (FIRST_DOWNLOAD_STAGES) is in */
    onStageDone?: (stage: number) => void
    /** stages in before a reload: their collections only replicate */
    stagesDone?: number
  }
  /**
   * Purge what aged out of the history window (./age-out.ts) before the history collections
   * replicate, once a day (default true). Each run asks the server where the window starts.
   */
  ageOut?: boolean
}

/**
 * How long nobody must have looked anything up before the background download writes again:
 * short, because its writes are short while an associate works (./write-steps.ts).
 */
const DOWNLOAD_QUIET_MS = 50

/** The collections a tablet pushes are those whose documents name a customer: paused while the book is locked. */
const BOOK_COLLECTIONS = PUSHED_COLLECTIONS
/** Started after the day's age-out (./age-out.ts), which must not run while they replicate. */
const HISTORY: readonly CollectionName[] = HISTORY_COLLECTIONS

export type Replications = { [C in CollectionName]: RxReplicationState<DocTypes[C], Checkpoint> }

export interface ClientelingReplication {
  replications: Replications
  awaitInitialReplication(): Promise<void>
  awaitInSync(): Promise<void>
  /** pull every collection now and reconnect the stream if it is waiting to */
  reSync(): void
  /**
   * Documents fetched for one customer while the first download has not reached their
   * collections (./bootstrap.ts, `writeAhead`); a collection already downloaded is left to
   * its replication.
   */
  writeAhead(parts: Partial<Record<CollectionName, readonly { id: string }[]>>): Promise<void>
  cancel(): Promise<void>
  status$: Observable<StreamStatus>
}

/** Stable per device and server: a new identifier would re-push every local document. */
export function replicationIdentifier(baseUrl: string, deviceId: string, collection: CollectionName): string {
  return `clienteling:${normaliseBaseUrl(baseUrl)}:${deviceId}:${collection}`
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

  const isBook = (c: CollectionName) => !!options.bookOpen$ && BOOK_COLLECTIONS.includes(c)

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
      autoStart: !options.bootstrap && !isBook(collection) && !HISTORY.includes(collection),
      retryTime,
      waitForLeadership,
    })
  }

  const replications = Object.fromEntries(COLLECTIONS.map(c => [c, replicate(c)])) as Replications
  const all = () => Object.values(replications) as RxReplicationState<unknown, Checkpoint>[]
  const identifierFor = (c: CollectionName) => replicationIdentifier(options.baseUrl, deviceId, c)
  // The first local edit of a downloaded document writes its merge base (src/db/first-download-base.ts).
  registerFirstDownloadBases(db, identifierFor)
  let stopped = false
  /** collections whose first download has ended (all of them without a first download) */
  const downloaded = new Set<CollectionName>(options.bootstrap ? [] : COLLECTIONS)
  const starter = createStarter({
    replications,
    book: BOOK_COLLECTIONS,
    history: HISTORY,
    bookOpen$: options.bookOpen$,
    downloading: !!options.bootstrap,
    ageOut: async (wanted) => {
      if (options.ageOut === false)
        return
      const { historyFrom } = await callEndpoint(ctx, 'GET /api/sync/summary')
      if (historyFrom && wanted())
        await ageOut(db, identifierFor, historyFrom)
    },
    signal: controller.signal,
  })
  // Only the leader tab replicates (RxDB waits for it for the collections it starts itself);
  // the first download and the book's collections, started here, wait the same way.
  const leader = waitForLeadership && db.multiInstance ? db.waitForLeadership() : Promise.resolve(true)
  async function download(bootstrap: NonNullable<StartReplicationOptions['bootstrap']>): Promise<void> {
    await leader
    if (stopped)
      return
    await bootstrapDownload({
      db,
      ctx,
      identifierFor,
      pull: (c, checkpoint, limit) => pullHandlerFor(ctx, c)(checkpoint, limit) as Promise<{ documents: unknown[], checkpoint: Checkpoint | undefined }>,
      pullNewest: (c, below, cursor, limit) => pullNewest(ctx, c, below, cursor, limit),
      onWritten: bootstrap.onWritten,
      onStageDone: bootstrap.onStageDone,
      stagesDone: bootstrap.stagesDone,
      background: { idle: () => foregroundIdle(DOWNLOAD_QUIET_MS), busy: () => foregroundRecently() },
      onCollectionDone: (c) => {
        downloaded.add(c)
        starter.downloaded(c)
      },
      writable: starter.writable,
    })
  }
  void leader.then(starter.follow)
  if (options.bootstrap)
    void download(options.bootstrap)

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
    writeAhead: async (parts) => {
      for (const [c, docs] of Object.entries(parts) as [CollectionName, { id: string }[]][]) {
        if (!downloaded.has(c) && !stopped)
          await writeAhead(db, identifierFor(c), c, docs)
      }
    },
    cancel: async () => {
      stopped = true
      starter.stop()
      await Promise.all(all().map(r => r.cancel()))
      // After the cancel, so in-flight requests that now fail aren't reported as sync errors.
      controller.abort()
    },
    status$: stream.status$,
  }
}
