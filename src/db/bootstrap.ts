/**
 * A new tablet's first download, written straight into RxDB's storage.
 *
 * For every pulled page of a collection the tablet also pushes, RxDB's replication reads the
 * documents already there and their assumed master states, writes the documents, writes the
 * master states; its upstream then reads every document and master state again to find
 * nothing to push. On a tablet whose first download has not finished there is nothing local
 * to compare with (the app shows the download until it ends, so nothing is written), and in
 * IndexedDB those reads cost as much as the writes. So each page is written as RxDB itself
 * leaves it once in sync (./replication-meta.ts): the documents, their master states (the
 * base of later three-way merges), the 'down' checkpoint at the server's checkpoint and the
 * 'up' checkpoint at the last document written. The replication then starts from there and
 * only pulls what changed meanwhile.
 *
 * Page by page (the next one fetched while one is written), so an interruption resumes at
 * the 'down' checkpoint (a document already there is overwritten with the server's state).
 * 'up' moves only when the change feed after it holds exactly the page just written: a
 * document written by anything else stays ahead of it, and the upstream pushes it. A
 * collection whose page fails (network, a locked customer book) is left to the replication,
 * which carries on from the last checkpoint written.
 */
import type { BulkWriteRow, RxDocumentData, RxStorageInstance } from 'rxdb'
import type { Checkpoint } from '../shared/protocol'
import type { CollectionName } from '../shared/types'
import type { HttpContext } from './http'
import type { AnyCollection, Meta, MetaInstance } from './replication-meta'
import type { ClientelingDatabase } from './types'
import { createRevision, now, prepareQuery, registerMutableWriteContext } from 'rxdb'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { MAX_PULL_LIMIT } from '../shared/protocol'
import { masterStates, openMetaInstance, readCheckpointDoc, writeCheckpointDoc } from './replication-meta'
import { SERVER_STATE_WRITE } from './validation'

export interface BootstrapOptions {
  db: ClientelingDatabase
  ctx: HttpContext
  identifierFor: (collection: CollectionName) => string
  /** one page from the server: the replication's own pull handler */
  pull: (collection: CollectionName, checkpoint: Checkpoint | undefined, limit: number) => Promise<{ documents: unknown[], checkpoint: Checkpoint | undefined }>
  /** documents written so far, for the download's progress */
  onWritten?: (collection: CollectionName, count: number) => void
  pageSize?: number
}

type Doc = RxDocumentData<{ id: string }>

/** Writes new documents; one already there (an interrupted download, resumed) is overwritten. */
async function writeOver<T extends { id: string }>(instance: RxStorageInstance<T, unknown, unknown>, documents: RxDocumentData<T>[], token: string): Promise<void> {
  if (!documents.length)
    return
  const byId = new Map(documents.map(d => [d.id, d]))
  const result = await instance.bulkWrite(documents.map(document => ({ document })), SERVER_STATE_WRITE)
  const again: BulkWriteRow<T>[] = []
  for (const error of result.error) {
    if (error.status !== 409 || !error.documentInDb)
      throw new Error(`Writing the first download failed (${error.status})`)
    again.push({ previous: error.documentInDb, document: { ...byId.get(error.documentId)!, _rev: createRevision(token, error.documentInDb) } })
  }
  if (again.length && (await instance.bulkWrite(again, SERVER_STATE_WRITE)).error.length)
    throw new Error('Writing the first download failed (409)')
}

// The documents of a page are copies made here: RxDB may set their _meta and _rev in place
// instead of copying each one again.
registerMutableWriteContext(SERVER_STATE_WRITE)

async function writeDocuments(collection: AnyCollection, docs: { id: string }[], token: string): Promise<Doc[]> {
  const written = docs.map(doc => ({ ...doc, _meta: { lwt: now() }, _rev: createRevision(token), _attachments: {} }) as Doc)
  const instance = collection.storageInstance as RxStorageInstance<{ id: string }, unknown, unknown>
  // RxDB gives all documents of one write the same `_meta.lwt`, and a change-feed read after
  // (lwt, id) walks every document of that lwt: written alone, the last one (where the 'up'
  // checkpoint goes) makes every later read of the feed start at one document, not a page.
  await writeOver(instance, written.slice(0, -1), token)
  await writeOver(instance, written.slice(-1), token)
  return written
}

async function writeMasterStates(meta: MetaInstance, docs: { id: string }[], token: string): Promise<void> {
  await writeOver(meta as RxStorageInstance<Meta & { id: string }, unknown, unknown>, masterStates(meta, docs, token) as RxDocumentData<Meta & { id: string }>[], token)
}

type Position = { id: string, lwt: number }

/** How many documents of the change feed's index ((_meta.lwt, id)) match: counted on the index, none read. */
async function countFeed(collection: AnyCollection, selector: Record<string, unknown>): Promise<number> {
  const instance = collection.storageInstance as RxStorageInstance<{ id: string }, unknown, unknown>
  const query = prepareQuery(instance.schema, { selector, sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }], skip: 0, index: ['_meta.lwt', 'id'] } as never)
  return (await instance.count(query)).count
}

/**
 * The position after the page, if the change feed after `up` is exactly the page. Every
 * `_meta.lwt` RxDB gives the page is later than `since` (`now()` never goes back), so with
 * `since` after `up`, the page is all of the feed after `up` when nothing else shares `up`'s
 * lwt after it and as many documents as the page are later. Counted on the feed's index
 * rather than read back: reading a page back opened every sealed document again.
 */
export async function feedEndIfOnly(collection: AnyCollection, up: Position | undefined, written: Doc[], since: number): Promise<Position | null> {
  if (up && since <= up.lwt)
    return null
  const [tied, later, [last]] = await Promise.all([
    up ? countFeed(collection, { '_meta.lwt': { $eq: up.lwt }, 'id': { $gt: up.id } }) : 0,
    countFeed(collection, up ? { '_meta.lwt': { $gt: up.lwt } } : {}),
    collection.storageInstance.findDocumentsById([written.at(-1)!.id], true) as Promise<Doc[]>,
  ])
  return tied === 0 && later === written.length && last ? { id: last.id, lwt: last._meta.lwt } : null
}

async function bootstrapCollection(options: BootstrapOptions, c: CollectionName, pageSize: number): Promise<void> {
  const { db } = options
  const collection = db[c] as AnyCollection
  const pushes = collectionRules[c].deviceWritable
  const meta = await openMetaInstance(db, collection, options.identifierFor(c))
  try {
    let down = await readCheckpointDoc(meta, 'down')
    let up = pushes ? await readCheckpointDoc(meta, 'up') : undefined
    let next = options.pull(c, down?.checkpointData as Checkpoint | undefined, pageSize)
    for (;;) {
      const page = await next
      const docs = page.documents as { id: string }[]
      const more = docs.length === pageSize
      // The next page is on its way while this one is written: the server, the network and the
      // parsing overlap the storage's writes. Only the checkpoint of a written page is saved,
      // so an interruption still resumes after the last page written.
      if (more) {
        next = options.pull(c, page.checkpoint, pageSize)
        next.catch(() => undefined)
      }
      if (docs.length) {
        const since = now()
        const written = await writeDocuments(collection, docs, db.token)
        if (pushes) {
          await writeMasterStates(meta, docs, db.token)
          const end = await feedEndIfOnly(collection, up?.checkpointData as Position | undefined, written, since)
          if (end)
            up = await writeCheckpointDoc(meta, 'up', end, up, db.token)
        }
        options.onWritten?.(c, docs.length)
      }
      if (page.checkpoint && JSON.stringify(page.checkpoint) !== JSON.stringify(down?.checkpointData))
        down = await writeCheckpointDoc(meta, 'down', page.checkpoint, down, db.token)
      if (!more || options.ctx.signal.aborted)
        return
    }
  }
  finally {
    await meta.close()
  }
}

/** Downloads every collection (see the module's comment); a collection that fails is left to the replication. */
export async function bootstrapDownload(options: BootstrapOptions): Promise<void> {
  const pageSize = options.pageSize ?? MAX_PULL_LIMIT
  await Promise.all(COLLECTIONS.map(c => bootstrapCollection(options, c, pageSize).catch(() => undefined)))
}
