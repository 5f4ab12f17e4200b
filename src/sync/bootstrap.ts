/**
 * A new tablet's first download, written straight into RxDB's storage.
 *
 * For every pulled page of a collection the tablet also pushes, RxDB's replication reads the
 * documents already there and their assumed master states, writes the documents, writes the
 * master states; its upstream then reads every document and master state again to find
 * nothing to push. On a tablet whose first download has not finished there is nothing local
 * to compare with (the app shows the download until it ends, so nothing is written), and in
 * IndexedDB those reads cost as much as the writes. So each page is written as RxDB itself
 * leaves it once in sync (src/db/rxdb-internals.ts): the documents, their master states (the
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
import type { BulkWriteRow, RxDocumentData, RxStorageInstance } from '../db/replication-api'
import type { Checkpoint } from '../shared/protocol'
import type { CollectionName } from '../shared/types'
import type { HttpContext } from '../api/http'
import type { AnyCollection, Meta, MetaInstance } from '../db/rxdb-internals'
import type { ClientelingDatabase } from '../db/types'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { MAX_PULL_LIMIT } from '../shared/protocol'
import { checkpointRow, createRevision, masterStates, now, openMetaInstance, prepareQuery, readCheckpointDoc } from '../db/rxdb-internals'
import { SERVER_STATE_WRITE } from '../db/validation'

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

/**
 * Writes the rows; a new document already there (an interrupted download, resumed) is
 * overwritten with the server's state. Returns how many were. A row that moves a document
 * on from `previous` (a checkpoint) and conflicts is an error.
 */
async function writeOver<T extends { id: string }>(instance: RxStorageInstance<T, unknown, unknown>, rows: BulkWriteRow<T>[], token: string): Promise<number> {
  if (!rows.length)
    return 0
  const result = await instance.bulkWrite(rows, SERVER_STATE_WRITE)
  if (!result.error.length)
    return 0
  const byId = new Map(rows.map(row => [row.document.id, row]))
  const again = result.error.map((error) => {
    const row = byId.get(error.documentId)
    if (error.status !== 409 || !error.documentInDb || !row || row.previous)
      throw new Error(`Writing the first download failed (${error.status})`)
    return { previous: error.documentInDb, document: { ...row.document, _rev: createRevision(token, error.documentInDb) } }
  })
  if ((await instance.bulkWrite(again, SERVER_STATE_WRITE)).error.length)
    throw new Error('Writing the first download failed (409)')
  return again.length
}

/**
 * A page's documents as stored. RxDB's write path would give every document of one write the
 * same `_meta.lwt`, and a change-feed read after (lwt, id) walks every document of that lwt;
 * here the last one (where the 'up' checkpoint goes) gets one of its own, so every later read
 * of the feed starts at one document, not a page, and the page is still one write.
 */
export function storedPage(docs: readonly { id: string }[], token: string): Doc[] {
  const _meta = { lwt: now() }
  const _rev = createRevision(token)
  const last = docs.length - 1
  return docs.map((doc, i) => ({ ...doc, _meta: i === last ? { lwt: now() } : _meta, _rev, _attachments: {} }) as Doc)
}

/** Written below RxDB's write path, which would set one `_meta` for the page; still in its write lock. */
async function writeDocuments(db: ClientelingDatabase, collection: AnyCollection, written: Doc[]): Promise<number> {
  const instance = collection.storageInstance.originalStorageInstance as RxStorageInstance<{ id: string }, unknown, unknown>
  return await db.lockedRun(() => writeOver(instance, written.map(document => ({ document })), db.token))
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
 * `_meta.lwt` of the page (`storedPage`) is later than `since` (`now()` never goes back), so with
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
      const states: BulkWriteRow<Meta>[] = []
      let upRow: BulkWriteRow<Meta> | undefined
      let overwritten = 0
      if (docs.length) {
        const since = now()
        const written = storedPage(docs, db.token)
        overwritten = await writeDocuments(db, collection, written)
        if (pushes) {
          const end = await feedEndIfOnly(collection, up?.checkpointData as Position | undefined, written, since)
          states.push(...masterStates(meta, docs, db.token).map(document => ({ document })))
          upRow = end ? checkpointRow(meta, 'up', end, up, db.token) : undefined
        }
      }
      const downRow = page.checkpoint && JSON.stringify(page.checkpoint) !== JSON.stringify(down?.checkpointData)
        ? checkpointRow(meta, 'down', page.checkpoint, down, db.token)
        : undefined
      const checkpoints = [upRow, downRow].filter(row => row !== undefined)
      await writeReplicationState(meta, states, checkpoints, overwritten > 0, db.token)
      up = upRow?.document ?? up
      down = downRow?.document ?? down
      if (docs.length)
        options.onWritten?.(c, docs.length)
      if (!more || options.ctx.signal.aborted)
        return
    }
  }
  finally {
    await meta.close()
  }
}

/**
 * A page's master states and checkpoints, in one write when no master state can be there
 * already: a master state is written after its document, so none is there when no document
 * was. On a resumed page the master states go first, and the checkpoints only once they are
 * all written.
 */
async function writeReplicationState(meta: MetaInstance, states: BulkWriteRow<Meta>[], checkpoints: BulkWriteRow<Meta>[], resumed: boolean, token: string): Promise<void> {
  const instance = meta as RxStorageInstance<Meta & { id: string }, unknown, unknown>
  const rows = (list: BulkWriteRow<Meta>[]) => list as BulkWriteRow<Meta & { id: string }>[]
  if (!resumed)
    return void await writeOver(instance, rows([...states, ...checkpoints]), token)
  await writeOver(instance, rows(states), token)
  await writeOver(instance, rows(checkpoints), token)
}

/** Downloads every collection (see the module's comment); a collection that fails is left to the replication. */
export async function bootstrapDownload(options: BootstrapOptions): Promise<void> {
  const pageSize = options.pageSize ?? MAX_PULL_LIMIT
  await Promise.all(COLLECTIONS.map(c => bootstrapCollection(options, c, pageSize).catch(() => undefined)))
}
