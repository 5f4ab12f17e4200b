/**
 * Every use of RxDB's internals, in one place (RxDB is pinned to an exact version in
 * package.json for this reason). The app relies on four things RxDB does not promise:
 *
 * 1. Replication state. RxDB 17 keeps it per collection in a "meta instance" (a storage
 *    collection named 'rx-replication-meta-' + hash(collection + '-' + identifier)):
 *    - two checkpoints, 'down' (the server's checkpoint the pull has reached) and 'up' (how
 *      far the upstream has read the local change feed: `_meta.lwt`, id);
 *    - per document the assumed master state: the last state the server confirmed, the base
 *      of the three-way merge when a push conflicts.
 *    Read by the pending counter (src/sync/pending.ts) and written by a new tablet's first
 *    download (src/sync/bootstrap.ts), in the shapes RxDB's
 *    replication-protocol/{checkpoint,meta-instance}.ts use.
 * 2. Writing documents straight into a storage instance (revisions, `_meta.lwt`, the change
 *    feed read in order), as the first download and the pending counter do.
 * 3. The meta instance's schema title, so the sealed storage leaves replication state alone.
 * 4. Dexie's index read (see `withIndexReads`).
 * 5. A query prepared as RxQuery prepares it, read once from the storage (see `readNow`).
 *
 * test/unit/rxdb-internals.test.ts checks the version and that each export still exists;
 * test/server/bootstrap.test.ts is the proof that matters: RxDB's own replication resumes
 * from what the first download wrote, pulling nothing again and pushing nothing.
 */
import type { BulkWriteRow, DexieStorageInternals, MangoQuery, PreparedQuery, RxCollection, RxDocumentData, RxStorage, RxStorageInstance, RxStorageInstanceCreationParams, RxStorageQueryResult, RxStorageReplicationMeta } from 'rxdb'
import type { ClientelingDatabase } from './types'
import { createRevision, getComposedPrimaryKeyOfDocumentData, getHeightOfRevision, getRxReplicationMetaInstanceSchema, hasEncryption, now, overwritable, writeDocToDocState } from 'rxdb'
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan } from 'rxdb/plugins/storage-dexie'

/** Storage-level helpers the first download and the pending counter use, as RxDB's replication does. */
export { createRevision, getChangedDocumentsSince, now, prepareQuery, writeDocToDocState } from 'rxdb'
/** The sealed storage wraps instances like RxDB's own encryption plugin and skips meta instances. */
export { META_INSTANCE_SCHEMA_TITLE, wrapRxStorageInstance } from 'rxdb'

export type Meta = RxStorageReplicationMeta<unknown, unknown>
export type MetaInstance = RxStorageInstance<Meta, unknown, object>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one helper for thirteen document types
export type AnyCollection = RxCollection<any>

/** The same storage instance RxDB's replication opens (plugins/replication, `metaInfoPromise`). */
export async function openMetaInstance(db: ClientelingDatabase, collection: AnyCollection, identifier: string): Promise<MetaInstance> {
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

export function metaKey(meta: MetaInstance, itemId: string, isCheckpoint: '0' | '1'): string {
  return getComposedPrimaryKeyOfDocumentData(meta.schema, { itemId, isCheckpoint })
}

/** RxDB's two checkpoints, and 'first': where a new tablet's newest-first history download is (ours; RxDB reads only the two) */
export type Direction = 'up' | 'down' | 'first'

export async function readCheckpointDoc(meta: MetaInstance, direction: Direction): Promise<RxDocumentData<Meta> | undefined> {
  const [doc] = await meta.findDocumentsById([metaKey(meta, direction, '1')], false)
  return doc
}

/** The row that moves a checkpoint on from `previous` (the document read or written last). */
export function checkpointRow(meta: MetaInstance, direction: Direction, checkpoint: unknown, previous: RxDocumentData<Meta> | undefined, token: string): BulkWriteRow<Meta> {
  const document = {
    id: metaKey(meta, direction, '1'),
    isCheckpoint: '1',
    itemId: direction,
    checkpointData: checkpoint,
    _deleted: false,
    _attachments: {},
    _meta: { lwt: now() },
    _rev: createRevision(token, previous),
  } as RxDocumentData<Meta>
  return previous ? { previous, document } : { document }
}

/*
 * The first-download band. A new tablet's first download (src/sync/bootstrap.ts) writes every
 * document with `_meta.lwt = FIRST_DOWNLOAD_LWT` and puts the upstream's 'up' checkpoint at
 * `BAND_TOP` before its first page: RxDB's upstream and the pending counter read the change
 * feed after 'up', so they never read a downloaded document, and every local write (its lwt
 * the clock, ~1.7e12) is after it — pushed and counted whatever the download does meanwhile.
 * A downloaded document has no master state (half of all records, and the slowest half: the
 * contact fields sealed twice). RxDB's downstream takes a document with no master state for
 * an unpushed local write and skips the server's update to it — unless `_meta.o`, RxDB's
 * origin marker, says this replication wrote that very revision (replication-protocol/
 * downstream.ts, RxDB PR 7804): `originOf` sets it. A local edit keeps the marker but moves the
 * revision on, so it stops matching; ./first-download-base.ts writes the master state the
 * edit's three-way merge needs just before it.
 */
export const FIRST_DOWNLOAD_LWT = 2
/** 12 January 1970 in ms: above the bands, below any clock a tablet can have. */
export const BAND_TOP = 1e9

/** A document still as the first download wrote it (never written since on this tablet). */
export function inDownloadBand(doc: { _meta: { lwt: number } }): boolean {
  return doc._meta.lwt < BAND_TOP
}

/** RxDB's origin marker for a revision `rev` written by the replication `identifier` (../sync/replication.ts). */
export async function originOf(db: ClientelingDatabase, identifier: string, rev: string): Promise<{ hash: string, _rev: number }> {
  // The replication plugin prefixes its identifier (plugins/replication, `identifier:`).
  return { hash: await db.hashFunction(`rxdbreplication${identifier}`), _rev: getHeightOfRevision(rev) }
}

/** The master state RxDB's downstream would have written for `doc` (`getMetaWriteRow`). */
export function masterStateOf(meta: MetaInstance, doc: RxDocumentData<{ id: string }>, token: string, previous?: RxDocumentData<Meta>): BulkWriteRow<Meta> {
  const document = {
    id: metaKey(meta, doc.id, '0'),
    isCheckpoint: '0',
    itemId: doc.id,
    docData: writeDocToDocState(doc, false, false),
    _deleted: false,
    _attachments: {},
    _meta: { lwt: now() },
    _rev: createRevision(token, previous),
  } as RxDocumentData<Meta>
  return previous ? { previous, document } : { document }
}

/*
 * The purge band. A document that ages out of the history window (src/sync/age-out.ts) is
 * written as a tombstone with `_meta.lwt = PURGE_LWT`: below every checkpoint RxDB's upstream
 * reads from (it reads the change feed after 'up', and local writes carry the clock), so the
 * deletion is never pushed; and the only deleted documents an instance's `cleanup(t)` — which
 * removes deleted documents whose lwt is below now() - t (Dexie's and the memory storage's
 * alike) — removes when called by `removePurged`.
 */
export const PURGE_LWT = 1

/** Removes the purge band's tombstones from an instance for good. */
export async function removePurged(instance: Pick<RxStorageInstance<unknown, unknown, unknown>, 'cleanup'>): Promise<void> {
  // cleanup(t) removes deleted documents with lwt < now() - t: here below PURGE_LWT + 1 (or a
  // hair more, if the clock moved between the two readings — still far below any real write).
  await instance.cleanup(now() - (PURGE_LWT + 1))
}

/*
 * Index reads in one request. RxDB's Dexie storage answers every query with an IndexedDB
 * cursor and one `continue()` per document: for a name lookup's two ranges of 50 that is
 * 100 round trips to the browser's IndexedDB backend, and on a tablet's disk they are most
 * of the lookup's time. When the index alone answers a query (the selector is the index
 * range and the sort is the index order, as for every lookup in ./customers.ts), the same
 * documents come from `IDBIndex.getAll(range, skip + limit)` in one request. Any other
 * query (one that needs filtering or sorting after the read) goes to RxDB's cursor.
 */
/** Does the index range answer the query by itself, in order? */
function indexAnswers(prepared: PreparedQuery<unknown>): boolean {
  const plan = prepared.queryPlan
  return plan.selectorSatisfiedByIndex && plan.sortSatisfiedByIndex
}

async function readIndex<T>(internals: DexieStorageInternals, prepared: PreparedQuery<T>): Promise<RxStorageQueryResult<T>> {
  const state = await internals
  const plan = prepared.queryPlan
  const skip = prepared.query.skip ?? 0
  const limit = typeof prepared.query.limit === 'number' ? prepared.query.limit : Infinity
  let range: IDBKeyRange
  try {
    range = getKeyRangeByQueryPlan(state.booleanIndexes, plan, state.dexieDb._options.IDBKeyRange)
  }
  catch (error) {
    // As RxDB's own query: a range IndexedDB cannot express matches nothing.
    if ((error as Error).name === 'DataError')
      return { documents: [] }
    throw error
  }
  const indexName = `[${plan.index.map(field => dexieReplaceIfStartsWithPipe(field)).join('+')}]`
  let rows: unknown[] = []
  await state.dexieDb.transaction('r', state.dexieTable, async (tx: { idbtrans: IDBTransaction }) => {
    const index = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName)
    const request = index.getAll(range, Number.isFinite(limit) ? skip + limit : undefined)
    rows = await new Promise<unknown[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  })
  return { documents: rows.slice(skip).map(row => fromDexieToStorage(state.booleanIndexes, row)) as RxStorageQueryResult<T>['documents'] }
}

/** RxDB's Dexie storage, its index-answered queries read with one `getAll`. */
export function withIndexReads<C>(storage: RxStorage<DexieStorageInternals, C>): RxStorage<DexieStorageInternals, C> {
  return {
    ...storage,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, C>) {
      const instance: RxStorageInstance<RxDocType, DexieStorageInternals, C> = await storage.createStorageInstance(params)
      const cursorQuery = instance.query.bind(instance)
      // The instance is RxDB's class: its own method is replaced, so `this` stays the instance everywhere else.
      instance.query = (prepared) => {
        if (!indexAnswers(prepared) || (instance as { closed?: unknown }).closed)
          return cursorQuery(prepared) // which also refuses a closed instance, with RxDB's error
        return readIndex(instance.internals, prepared)
      }
      return instance
    },
  }
}

/** A stored document as the app sees it: without RxDB's `_rev`, `_meta`, `_attachments`, `_deleted` (what `toJSON()` leaves out). */
function plain<T>(doc: RxDocumentData<T>): T {
  const { _rev, _meta, _attachments, _deleted, ...rest } = doc as RxDocumentData<T> & Record<string, unknown>
  return rest as T
}

/**
 * One read of a collection as it is now, for a read that needs no live result (a lookup, the
 * Today list). `RxQuery.exec()` runs its query again for as long as writes keep committing while
 * it runs (RxDB 17, `_execOverDatabase`, after rxdb issue 7067), 20 ms apart and without a bound:
 * under a new tablet's download, which commits a page every few tens of milliseconds, a lookup
 * waited for the whole customer stage (41 s of 85 s at 20,000 customers, bench:stages). One
 * storage query is one IndexedDB transaction, a consistent state. The query is prepared by
 * RxQuery itself (`_deleted: false`, the plugins' hooks), so it means what `find(query).exec()`
 * means; the documents come without RxDocument objects, as `toJSON()` would give them.
 */
export async function readNow<T>(collection: RxCollection<T>, query: MangoQuery<T> = {}): Promise<T[]> {
  const prepared = collection.find(query).getPreparedQuery()
  return (await collection.storageInstance.query(prepared)).documents.map(plain)
}

/** The documents with these ids that are there and not deleted, read once (see `readNow`); in no particular order. */
export async function readByIdsNow<T>(collection: RxCollection<T>, ids: readonly string[]): Promise<T[]> {
  if (!ids.length)
    return []
  return (await collection.storageInstance.findDocumentsById([...ids], false)).map(plain)
}
