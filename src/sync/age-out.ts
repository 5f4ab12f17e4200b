/**
 * Orders, visits and interactions that age out of the tablets' history window leave the
 * tablet (TABLET_HISTORY_MONTHS on the server; it no longer sends them, so without this a
 * tablet would keep every one it ever had).
 *
 * How: per history collection, the documents dated before the window's start (read on the
 * date index, a batch at a time) are rewritten as tombstones in the purge band
 * (src/db/rxdb-internals.ts, `PURGE_LWT`) — below the 'up' checkpoint, so RxDB's upstream
 * never pushes the deletion (the server would refuse it: a tablet cannot delete history) —
 * with their master states, and the storage's cleanup then removes them for good. Open
 * queries see the deletion through the storage's change stream like any other.
 *
 * Never purged: a document the server has not acknowledged (after 'up' and unlike its master
 * state, the pending counter's rule, ./pending.ts): an old visit ended offline stays until it
 * is pushed, and goes the next time. Run with the collection's replication stopped or paused
 * (its upstream would otherwise take the tombstones from the change stream): ./replication.ts
 * runs it when the book opens, before the history collections replicate.
 */
import type { BulkWriteRow, RxDocumentData, RxStorageInstance } from '../db/replication-api'
import type { CollectionName } from '../shared/types'
import type { AnyCollection, Meta, MetaInstance } from '../db/rxdb-internals'
import type { ClientelingDatabase } from '../db/types'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { createRevision, metaKey, openMetaInstance, prepareQuery, PURGE_LWT, readCheckpointDoc, removePurged } from '../db/rxdb-internals'
import { withoutContactFields } from '../db/sealed-storage'
import { SERVER_STATE_WRITE } from '../db/validation'
import { acknowledgedBy, isAfter, isPosition } from './pending'

/** The collections with a history window, and the date each is kept by. */
export const HISTORY_COLLECTIONS = COLLECTIONS.filter(c => collectionRules[c].historyField)

const BATCH = 500

type Doc = RxDocumentData<{ id: string }>

function tombstone<T extends { id: string }>(instance: RxStorageInstance<T, unknown, unknown>, doc: RxDocumentData<T>, token: string): BulkWriteRow<T> {
  const document = {
    ...withoutContactFields(instance.schema as never, doc),
    _deleted: true,
    _meta: { lwt: PURGE_LWT },
    _rev: createRevision(token, doc),
  } as RxDocumentData<T>
  return { previous: doc, document }
}

async function purgeCollection(db: ClientelingDatabase, c: CollectionName, meta: MetaInstance, before: string): Promise<number> {
  const collection = db[c] as AnyCollection
  const field = collectionRules[c].historyField!
  const instance = collection.storageInstance.originalStorageInstance as RxStorageInstance<{ id: string }, unknown, unknown>
  const metaInstance = meta as unknown as RxStorageInstance<Meta & { id: string }, unknown, unknown>
  const up: unknown = (await readCheckpointDoc(meta, 'up'))?.checkpointData
  let kept = 0
  let purged = 0
  for (;;) {
    const query = prepareQuery(instance.schema, {
      selector: { _deleted: { $eq: false }, [field]: { $lt: before } },
      sort: [{ [field]: 'asc' }, { id: 'asc' }],
      skip: kept,
      limit: BATCH,
    } as never)
    const docs = (await instance.query(query)).documents as Doc[]
    if (!docs.length)
      break
    const acknowledged = await acknowledgedBy(collection, meta, docs)
    const pending = (doc: Doc) => (!isPosition(up) || isAfter({ id: doc.id, lwt: doc._meta.lwt }, up)) && !acknowledged(doc)
    const gone = docs.filter(doc => !pending(doc))
    kept += docs.length - gone.length
    if (gone.length) {
      const states = await meta.findDocumentsById(gone.map(doc => metaKey(meta, doc.id, '0')), false)
      // Under the database's write lock, like every write of RxDB's. A document changed
      // since it was read (409) stays: it is looked at again next time.
      await db.lockedRun(async () => {
        const result = await instance.bulkWrite(gone.map(doc => tombstone(instance, doc, db.token)), SERVER_STATE_WRITE)
        purged += gone.length - result.error.length
        await metaInstance.bulkWrite(states.map(state => tombstone(metaInstance, state as RxDocumentData<Meta & { id: string }>, db.token)), SERVER_STATE_WRITE)
      })
    }
    if (docs.length < BATCH)
      break
  }
  await removePurged(instance)
  await removePurged(metaInstance)
  return purged
}

/**
 * Purges what is older than `before` (the server's window start, `historyFrom` in the sync
 * summary) from the history collections. Returns how many documents left, per collection.
 * `identifierFor` must be the replication's own identifier (./replication.ts).
 */
export async function ageOut(db: ClientelingDatabase, identifierFor: (c: CollectionName) => string, before: string): Promise<Partial<Record<CollectionName, number>>> {
  const out: Partial<Record<CollectionName, number>> = {}
  for (const c of HISTORY_COLLECTIONS) {
    const meta = await openMetaInstance(db, db[c] as AnyCollection, identifierFor(c))
    try {
      out[c] = await purgeCollection(db, c, meta, before)
    }
    finally {
      await meta.close()
    }
  }
  return out
}
