/**
 * How many local changes the sync-server has not acknowledged yet, read from what RxDB
 * itself persists (src/db/rxdb-internals.ts), so the number survives reloads and is right even
 * while no replication runs (another tab leads, the device is offline, the app just started).
 *
 * A local document is pending when it changed after the 'up' checkpoint and differs from
 * its assumed master state, which is exactly the test RxDB's upstream uses before pushing
 * (replication-protocol/upstream.ts); a conflict resolved locally but not pushed yet is
 * flagged by `isResolvedConflict === _rev`. Documents pulled from the server have a meta
 * state equal to themselves, so a lagging checkpoint never inflates the count.
 */
import type { RxDocumentData } from '../db/replication-api'
import type { Observable } from 'rxjs'
import type { CollectionName } from '../shared/types'
import type { AnyCollection, MetaInstance } from '../db/rxdb-internals'
import type { ClientelingDatabase } from '../db/types'
import { auditTime, merge, Observable as RxObservable } from 'rxjs'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { isBookLocked } from '../platform/book-lock'
import { getChangedDocumentsSince, metaKey, openMetaInstance, readCheckpointDoc, writeDocToDocState } from '../db/rxdb-internals'

/** Only these collections push; the others are the server's and never pending. */
export const PUSHED_COLLECTIONS: readonly CollectionName[] = COLLECTIONS.filter(c => collectionRules[c].deviceWritable)

const BATCH = 500

export interface PendingCounter {
  count(): Promise<number>
  /** writes to the meta instances made through this storage (acknowledgements, checkpoints) */
  metaChanges$: Observable<unknown>
  close(): Promise<void>
}

/** Where a document stands in a storage's change feed: RxDB's own checkpoint shape. */
export interface FeedPosition { id: string, lwt: number }

export function isPosition(value: unknown): value is FeedPosition {
  const v = value as Partial<FeedPosition> | undefined
  return typeof v?.id === 'string' && typeof v.lwt === 'number'
}

export function isAfter(a: FeedPosition, b: FeedPosition): boolean {
  return a.lwt > b.lwt || (a.lwt === b.lwt && a.id > b.id)
}

/**
 * What one counter has learnt of a collection, so a recount reads only what was written
 * since the last one (a first sync writes hundreds of thousands of documents, and a count
 * runs after every burst of writes): how far it has read the change feed, and the
 * documents it found pending there. A document can only become pending by being written
 * (which puts it later in the feed); one found pending becomes acknowledged when its meta
 * state changes, so those few are looked at again on every count.
 */
interface Progress {
  read?: FeedPosition
  pending: Map<string, FeedPosition>
}

/** Which of `docs` the server has acknowledged: their assumed master state is the document itself (RxDB's upstream test). */
export async function acknowledgedBy(collection: AnyCollection, meta: MetaInstance, docs: RxDocumentData<{ id: string }>[]): Promise<(doc: RxDocumentData<{ id: string }>) => boolean> {
  const metas = await meta.findDocumentsById(docs.map(d => metaKey(meta, d.id, '0')), true)
  const byId = new Map(metas.map(m => [m.itemId, m]))
  return (doc: RxDocumentData<{ id: string }>) => {
    const known = byId.get(doc.id)
    return !!known
      && known.isResolvedConflict !== doc._rev
      && collection.conflictHandler.isEqual(known.docData as never, writeDocToDocState(doc, false, false) as never, 'upstream-check-if-equal')
  }
}

async function countCollection(collection: AnyCollection, meta: MetaInstance, progress: Progress): Promise<number> {
  const acknowledgedIn = (docs: RxDocumentData<{ id: string }>[]) => acknowledgedBy(collection, meta, docs)
  const up: unknown = (await readCheckpointDoc(meta, 'up'))?.checkpointData
  // What the upstream has read is not pending (RxDB's own rule), whatever this counter found before.
  if (isPosition(up)) {
    for (const [id, at] of progress.pending) {
      if (!isAfter(at, up))
        progress.pending.delete(id)
    }
  }
  const resume = progress.read && (up === undefined || (isPosition(up) && isAfter(progress.read, up)))
  let checkpoint: unknown = resume ? progress.read : up
  const seen = new Set<string>()
  for (;;) {
    const page = await getChangedDocumentsSince(collection.storageInstance, BATCH, checkpoint)
    const docs = page.documents as RxDocumentData<{ id: string }>[]
    if (docs.length === 0)
      break
    const acknowledged = await acknowledgedIn(docs)
    for (const doc of docs) {
      seen.add(doc.id)
      if (acknowledged(doc))
        progress.pending.delete(doc.id)
      else
        progress.pending.set(doc.id, { id: doc.id, lwt: doc._meta.lwt })
    }
    checkpoint = page.checkpoint
    if (isPosition(checkpoint))
      progress.read = checkpoint
    if (docs.length < BATCH)
      break
  }
  const unchanged = [...progress.pending.keys()].filter(id => !seen.has(id))
  if (unchanged.length) {
    const docs = await collection.storageInstance.findDocumentsById(unchanged, true) as RxDocumentData<{ id: string }>[]
    const acknowledged = await acknowledgedIn(docs)
    const present = new Set(docs.map(d => d.id))
    for (const id of unchanged) {
      if (!present.has(id))
        progress.pending.delete(id)
    }
    for (const doc of docs) {
      if (acknowledged(doc))
        progress.pending.delete(doc.id)
    }
  }
  return progress.pending.size
}

/**
 * Opens the meta instances of the pushed collections. `identifierFor` must be the
 * replication's own identifier (replication.ts, `replicationIdentifier`).
 */
export async function openPendingCounter(db: ClientelingDatabase, identifierFor: (c: CollectionName) => string): Promise<PendingCounter> {
  const metas = new Map<CollectionName, MetaInstance>()
  try {
    for (const c of PUSHED_COLLECTIONS)
      metas.set(c, await openMetaInstance(db, db[c] as AnyCollection, identifierFor(c)))
  }
  catch (error) {
    await Promise.all([...metas.values()].map(m => m.close()))
    throw error
  }
  let closed = false
  const progress = new Map<CollectionName, Progress>(PUSHED_COLLECTIONS.map(c => [c, { pending: new Map() }]))
  const countIn = (c: CollectionName) => {
    const meta = metas.get(c)
    return meta ? countCollection(db[c] as AnyCollection, meta, progress.get(c)!) : Promise.resolve(0)
  }
  return {
    metaChanges$: merge(...[...metas.values()].map(m => m.changeStream())),
    count: async () => (await Promise.all(PUSHED_COLLECTIONS.map(countIn))).reduce((a, b) => a + b, 0),
    close: async () => {
      if (closed)
        return
      closed = true
      await Promise.all([...metas.values()].map(m => m.close()))
    },
  }
}

/** One reading, for decisions that must not rely on a stale number (reset, sign-out). */
export async function countPending(db: ClientelingDatabase, identifierFor: (c: CollectionName) => string): Promise<number> {
  const counter = await openPendingCounter(db, identifierFor)
  try {
    return await counter.count()
  }
  finally {
    await counter.close()
  }
}

/**
 * The pending count, recounted after local writes to the pushed collections and whenever
 * `trigger$` emits (pass the replications' `sent$`/`active$`, so an acknowledgement shows).
 * Counts never overlap; a burst of writes costs one recount.
 */
export function pendingCount$(
  db: ClientelingDatabase,
  identifierFor: (c: CollectionName) => string,
  trigger$?: Observable<unknown>,
  throttleMs = 250,
): Observable<number> {
  return new RxObservable<number>((subscriber) => {
    let closed = false
    let running = false
    let dirty = true
    let counter: PendingCounter | undefined
    let metaSub: { unsubscribe: () => void } | undefined
    const opened = openPendingCounter(db, identifierFor)

    async function run() {
      if (running)
        return
      running = true
      try {
        if (!counter) {
          counter = await opened
          if (!closed)
            metaSub = counter.metaChanges$.pipe(auditTime(throttleMs)).subscribe(schedule)
        }
        while (dirty && !closed) {
          dirty = false
          const n = await counter.count()
          if (!closed)
            subscriber.next(n)
        }
      }
      catch (error) {
        // Locked screen: the documents can't be read, and nothing changes them until it
        // opens again (their replication is paused); count at the next change.
        if (isBookLocked(error))
          dirty = true
        else if (!closed)
          subscriber.error(error)
      }
      finally {
        running = false
      }
    }

    function schedule() {
      dirty = true
      void run()
    }

    const writes$ = merge(...PUSHED_COLLECTIONS.map(c => db[c].$ as Observable<unknown>))
    const sub = merge(writes$, ...(trigger$ ? [trigger$] : []))
      .pipe(auditTime(throttleMs))
      .subscribe(schedule)
    void run()
    return () => {
      closed = true
      sub.unsubscribe()
      metaSub?.unsubscribe()
      void opened.then(c => c.close(), () => undefined)
    }
  })
}
