/**
 * RxDB 17's replication state, as it keeps it per collection in a "meta instance" (a
 * storage collection named 'rx-replication-meta-' + hash(collection + '-' + identifier)):
 * - two checkpoints, 'down' (the server's checkpoint the pull has reached) and 'up' (how
 *   far the upstream has read the local change feed: `_meta.lwt`, id);
 * - per document the assumed master state: the last state the server confirmed, the base
 *   of the three-way merge when a push conflicts.
 * Read by the pending counter (./pending.ts) and written by a new tablet's first download
 * (./bootstrap.ts), in the shapes RxDB's replication-protocol/{checkpoint,meta-instance}.ts use.
 */
import type { BulkWriteRow, RxCollection, RxDocumentData, RxStorageInstance, RxStorageReplicationMeta } from 'rxdb'
import type { ClientelingDatabase } from './types'
import { createRevision, getComposedPrimaryKeyOfDocumentData, getRxReplicationMetaInstanceSchema, hasEncryption, now, overwritable } from 'rxdb'

export type Meta = RxStorageReplicationMeta<unknown, unknown>
export type MetaInstance = RxStorageInstance<Meta, unknown, object>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one helper for ten document types
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

export type Direction = 'up' | 'down'

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

/**
 * The master states of documents just pulled, as RxDB's downstream writes them
 * (`getMetaWriteRow`), except that one page shares its `_meta` and `_rev`: nothing reads the
 * meta instance by time, and a first revision is the same string for every document.
 */
export function masterStates(meta: MetaInstance, docs: readonly { id: string }[], token: string): RxDocumentData<Meta>[] {
  const _meta = { lwt: now() }
  const _rev = createRevision(token)
  return docs.map(doc => ({
    id: metaKey(meta, doc.id, '0'),
    isCheckpoint: '0',
    itemId: doc.id,
    docData: doc,
    _deleted: false,
    _attachments: {},
    _meta,
    _rev,
  }) as RxDocumentData<Meta>)
}
