/**
 * A new tablet's first download, written straight into RxDB's storage.
 *
 * RxDB's own replication reads, for every pulled page of a collection the tablet also
 * pushes, the documents already there and their master states, writes the documents and
 * master states, and its upstream then reads it all again to find nothing to push; in
 * IndexedDB those reads cost as much as the writes. So each page is written below RxDB:
 * documents in the first-download band (src/db/rxdb-internals.ts) — `_meta.lwt` below the
 * 'up' checkpoint, put above the band before the first page, so the upstream and the pending
 * counter never read them, whatever else is written meanwhile — with RxDB's origin marker so
 * its downstream still applies the server's later changes to them, and no master states (the
 * first local edit of one writes its base, src/db/first-download-base.ts); then the 'down'
 * checkpoint at the server's. The replication then starts from there and pulls only what
 * changed meanwhile.
 *
 * Page by page (the next one fetched while one is written), so an interruption resumes at
 * the 'down' checkpoint. A document already there is written over only while it is still in
 * the band (an interrupted page); one written since on this tablet is left as it is — the
 * upstream pushes it and the server's answer is merged, never lost to an older state. A
 * collection whose page fails (network, a locked customer book) is left to the replication,
 * which carries on from the last checkpoint written.
 */
import type { BulkWriteRow, RxDocumentData, RxStorageInstance } from '../db/replication-api'
import type { Checkpoint } from '../shared/protocol'
import type { CollectionName } from '../shared/types'
import type { HttpContext } from '../api/http'
import type { AnyCollection, Meta } from '../db/rxdb-internals'
import type { ClientelingDatabase } from '../db/types'
import { COLLECTIONS, FIRST_DOWNLOAD_STAGES } from '../shared/collections'
import { MAX_PULL_LIMIT } from '../shared/protocol'
import { BAND_TOP, checkpointRow, createRevision, FIRST_DOWNLOAD_LWT, inDownloadBand, openMetaInstance, originOf, readCheckpointDoc } from '../db/rxdb-internals'
import { SERVER_STATE_WRITE } from '../db/validation'

export interface BootstrapOptions {
  db: ClientelingDatabase
  ctx: HttpContext
  identifierFor: (collection: CollectionName) => string
  /** one page from the server: the replication's own pull handler */
  pull: (collection: CollectionName, checkpoint: Checkpoint | undefined, limit: number) => Promise<{ documents: unknown[], checkpoint: Checkpoint | undefined }>
  /** documents written so far, for the download's progress */
  onWritten?: (collection: CollectionName, count: number) => void
  /** a collection's download ended (done, or given up and left to the replication): its replication may start */
  onCollectionDone?: (collection: CollectionName) => void
  /** every collection of a stage (FIRST_DOWNLOAD_STAGES) ended */
  onStageDone?: (stage: number) => void
  /** stages already in (a download resumed after a reload): not asked for again */
  stagesDone?: number
  /** resolves when the collection may be written: the customer book's wait until it is open */
  writable?: (collection: CollectionName) => Promise<void>
  pageSize?: number
}

type Doc = RxDocumentData<{ id: string }>

/**
 * Writes the rows. A document already there (409) is written over only while it is still in
 * the band (an interrupted download, resumed), `reorigin` giving the new revision its origin
 * marker; one written since on this tablet is left alone. Returns how many were written over.
 * A row that moves a document on from `previous` (a checkpoint) and conflicts is an error.
 */
async function writeOver<T extends { id: string }>(instance: RxStorageInstance<T, unknown, unknown>, rows: BulkWriteRow<T>[], token: string, reorigin?: (rev: string) => Promise<unknown>): Promise<number> {
  if (!rows.length)
    return 0
  const result = await instance.bulkWrite(rows, SERVER_STATE_WRITE)
  if (!result.error.length)
    return 0
  const byId = new Map(rows.map(row => [row.document.id, row]))
  const again: BulkWriteRow<T>[] = []
  for (const error of result.error) {
    const row = byId.get(error.documentId)
    if (error.status !== 409 || !error.documentInDb || !row || row.previous)
      throw new Error(`Writing the first download failed (${error.status})`)
    if (!inDownloadBand(error.documentInDb))
      continue
    const _rev = createRevision(token, error.documentInDb)
    const _meta = reorigin ? { ...row.document._meta, o: await reorigin(_rev) } : row.document._meta
    again.push({ previous: error.documentInDb, document: { ...row.document, _rev, _meta } })
  }
  if (again.length && (await instance.bulkWrite(again, SERVER_STATE_WRITE)).error.length)
    throw new Error('Writing the first download failed (409)')
  return again.length
}

/** A page's documents as stored: in the band, one revision, RxDB's origin marker for it. */
export function storedPage(docs: readonly { id: string }[], token: string, origin: { hash: string, _rev: number }): Doc[] {
  const _rev = createRevision(token)
  const _meta = { lwt: FIRST_DOWNLOAD_LWT, o: origin }
  return docs.map(doc => ({ ...doc, _meta, _rev, _attachments: {} }) as Doc)
}

/** Where the upstream starts on a new tablet: after the band, before every local write. */
const AFTER_BAND = { id: '', lwt: BAND_TOP }

/** Before anything is downloaded, every collection's 'up' after the band: from here on, every write but the download's is after it. */
async function placeUpstream(options: BootstrapOptions, c: CollectionName): Promise<void> {
  const { db } = options
  const meta = await openMetaInstance(db, db[c] as AnyCollection, options.identifierFor(c))
  try {
    if (!(await readCheckpointDoc(meta, 'up')))
      await writeOver(meta as unknown as RxStorageInstance<Meta & { id: string }, unknown, unknown>, [checkpointRow(meta, 'up', AFTER_BAND, undefined, db.token)] as BulkWriteRow<Meta & { id: string }>[], db.token)
  }
  finally {
    await meta.close()
  }
}

async function bootstrapCollection(options: BootstrapOptions, c: CollectionName, pageSize: number): Promise<void> {
  const { db } = options
  const collection = db[c] as AnyCollection
  const identifier = options.identifierFor(c)
  const meta = await openMetaInstance(db, collection, identifier)
  const metaRows = meta as unknown as RxStorageInstance<Meta & { id: string }, unknown, unknown>
  const instance = collection.storageInstance.originalStorageInstance as RxStorageInstance<{ id: string }, unknown, unknown>
  const reorigin = (rev: string) => originOf(db, identifier, rev)
  try {
    let down = await readCheckpointDoc(meta, 'down')
    // Placed for all collections at the start; if that failed, here, still before any document.
    if (!(await readCheckpointDoc(meta, 'up')))
      await writeOver(metaRows, [checkpointRow(meta, 'up', AFTER_BAND, undefined, db.token)] as BulkWriteRow<Meta & { id: string }>[], db.token)
    const origin = await reorigin(createRevision(db.token))
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
        await options.writable?.(c)
        const written = storedPage(docs, db.token, origin)
        // Under the database's write lock, like every write of RxDB's.
        await db.lockedRun(() => writeOver(instance, written.map(document => ({ document })), db.token, reorigin))
      }
      if (page.checkpoint && JSON.stringify(page.checkpoint) !== JSON.stringify(down?.checkpointData)) {
        const row = checkpointRow(meta, 'down', page.checkpoint, down, db.token)
        await writeOver(metaRows, [row] as BulkWriteRow<Meta & { id: string }>[], db.token)
        down = row.document
      }
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
 * Downloads every collection (see the module's comment), stage by stage
 * (FIRST_DOWNLOAD_STAGES); a collection that fails is left to the replication.
 */
export async function bootstrapDownload(options: BootstrapOptions): Promise<void> {
  const pageSize = options.pageSize ?? MAX_PULL_LIMIT
  await Promise.all(COLLECTIONS.map(c => placeUpstream(options, c).catch(() => undefined)))
  for (const [stage, collections] of FIRST_DOWNLOAD_STAGES.entries()) {
    if (stage < (options.stagesDone ?? 0)) {
      collections.forEach(c => options.onCollectionDone?.(c))
      continue
    }
    await Promise.all(collections.map(async (c) => {
      await bootstrapCollection(options, c, pageSize).catch(() => undefined)
      options.onCollectionDone?.(c)
    }))
    if (options.ctx.signal.aborted)
      return
    options.onStageDone?.(stage)
  }
}
