/**
 * How many local changes the sync-server has not acknowledged yet, read from what RxDB
 * itself persists, so the number survives reloads and is right even while no replication
 * runs (another tab leads, the device is offline, the app just started).
 *
 * RxDB 17's replication keeps, per collection, a "meta instance" (a storage collection
 * named 'rx-replication-meta-' + hash(collection + '-' + replicationIdentifier)) with
 * - the 'up' checkpoint: how far the upstream has read the local change feed
 *   (`_meta.lwt`, id) — everything written after it has not been looked at yet;
 * - per document the assumed master state: the last state the server confirmed (pushed
 *   and not refused, or pulled).
 * A local document is pending when it changed after the 'up' checkpoint and differs from
 * its assumed master state, which is exactly the test RxDB's upstream uses before pushing
 * (replication-protocol/upstream.ts); a conflict resolved locally but not pushed yet is
 * flagged by `isResolvedConflict === _rev`. Documents pulled from the server have a meta
 * state equal to themselves, so a lagging checkpoint never inflates the count.
 */
import type { RxCollection, RxDocumentData, RxStorageInstance, RxStorageReplicationMeta } from 'rxdb'
import type { Observable } from 'rxjs'
import type { CollectionName } from '../shared/types'
import type { ClientelingDatabase } from './types'
import {
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  getRxReplicationMetaInstanceSchema,
  hasEncryption,
  overwritable,
  writeDocToDocState,
} from 'rxdb'
import { auditTime, merge, Observable as RxObservable } from 'rxjs'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { isBookLocked } from './book-lock'

/** Only these collections push; the others are the server's and never pending. */
export const PUSHED_COLLECTIONS: readonly CollectionName[] = COLLECTIONS.filter(c => collectionRules[c].deviceWritable)

const BATCH = 500

type Meta = RxStorageReplicationMeta<unknown, unknown>
type MetaInstance = RxStorageInstance<Meta, unknown, object>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one counter for ten document types
type AnyCollection = RxCollection<any>

export interface PendingCounter {
  count(): Promise<number>
  countIn(collection: CollectionName): Promise<number>
  /** writes to the meta instances made through this storage (acknowledgements, checkpoints) */
  metaChanges$: Observable<unknown>
  close(): Promise<void>
}

/** The same storage instance RxDB's replication opens (plugins/replication, `metaInfoPromise`). */
async function openMetaInstance(db: ClientelingDatabase, collection: AnyCollection, identifier: string): Promise<MetaInstance> {
  const collectionName = `rx-replication-meta-${await db.hashFunction([collection.name, identifier].join('-'))}`
  const schema = getRxReplicationMetaInstanceSchema(collection.schema.jsonSchema, hasEncryption(collection.schema.jsonSchema))
  return await db.storage.createStorageInstance<Meta>({
    databaseName: db.name,
    collectionName,
    databaseInstanceToken: db.token,
    multiInstance: db.multiInstance,
    options: {},
    schema,
    password: db.password,
    devMode: overwritable.isDevMode(),
  }) as MetaInstance
}

async function countCollection(collection: AnyCollection, meta: MetaInstance): Promise<number> {
  const key = (itemId: string, isCheckpoint: '0' | '1') => getComposedPrimaryKeyOfDocumentData(meta.schema, { itemId, isCheckpoint })
  const [checkpointDoc] = await meta.findDocumentsById([key('up', '1')], false)
  let checkpoint: unknown = checkpointDoc?.checkpointData
  let pending = 0
  for (;;) {
    const page = await getChangedDocumentsSince(collection.storageInstance, BATCH, checkpoint)
    const docs = page.documents as RxDocumentData<{ id: string }>[]
    if (docs.length === 0)
      break
    const metas = await meta.findDocumentsById(docs.map(d => key(d.id, '0')), true)
    const byId = new Map(metas.map(m => [m.itemId, m]))
    for (const doc of docs) {
      const known = byId.get(doc.id)
      const acknowledged = !!known
        && known.isResolvedConflict !== doc._rev
        && collection.conflictHandler.isEqual(known.docData as never, writeDocToDocState(doc, false, false) as never, 'upstream-check-if-equal')
      if (!acknowledged)
        pending++
    }
    checkpoint = page.checkpoint
    if (docs.length < BATCH)
      break
  }
  return pending
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
  const countIn = (c: CollectionName) => {
    const meta = metas.get(c)
    return meta ? countCollection(db[c] as AnyCollection, meta) : Promise.resolve(0)
  }
  return {
    countIn,
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
