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
import type { AnyCollection, Direction, Meta } from '../db/rxdb-internals'
import type { NewestCursor, NewestPage } from './handlers'
import type { ClientelingDatabase } from '../db/types'
import { collectionRules, COLLECTIONS, FIRST_DOWNLOAD_STAGES, SIGN_IN_STAGE } from '../shared/collections'
import { MAX_PULL_LIMIT } from '../shared/protocol'
import { BAND_TOP, checkpointRow, createRevision, FIRST_DOWNLOAD_LWT, inDownloadBand, openMetaInstance, originOf, readCheckpointDoc } from '../db/rxdb-internals'
import { SERVER_STATE_WRITE } from '../db/validation'
import { FIRST_STEP, nextStep } from './write-steps'

export interface BootstrapOptions {
  db: ClientelingDatabase
  ctx: HttpContext
  identifierFor: (collection: CollectionName) => string
  /** one page of the history, newest first (./handlers.ts, `pullNewest`); not given: in change order */
  pullNewest?: (collection: CollectionName, below: number | null, cursor: NewestCursor | null, limit: number) => Promise<NewestPage>
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
  /**
   * After the sign-in stage: pages of this size (default BACKGROUND_PAGE), each written once
   * `idle` resolves (nobody typing); while `busy` says an associate used the tablet lately, in
   * steps sized to end quickly (./write-steps.ts), each after `idle` again.
   */
  background?: { pageSize?: number, idle: () => Promise<void>, busy?: () => boolean }
  /** resolves when the collection may be written: the customer book's wait until it is open */
  writable?: (collection: CollectionName) => Promise<void>
  pageSize?: number
}

type Doc = RxDocumentData<{ id: string }>

/** A newest-first download's place, kept in the meta instance's 'first' checkpoint. */
interface NewestProgress { below: number, cursor: NewestCursor }

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

/**
 * Documents the server sent for one customer before their collection's download reached them
 * (an associate opened a customer the lookup found on the server, src/stores/profile-history.ts):
 * written exactly as a download page, in the band with the origin marker, so the download's own
 * page for them later simply writes over them, and a local edit made meanwhile is kept by the
 * same rule as ever (`writeOver`).
 */
export async function writeAhead(db: ClientelingDatabase, identifier: string, c: CollectionName, docs: readonly { id: string }[]): Promise<void> {
  if (!docs.length)
    return
  const instance = (db[c] as AnyCollection).storageInstance.originalStorageInstance as RxStorageInstance<{ id: string }, unknown, unknown>
  const reorigin = (rev: string) => originOf(db, identifier, rev)
  const written = storedPage(docs, db.token, await reorigin(createRevision(db.token)))
  await db.lockedRun(() => writeOver(instance, written.map(document => ({ document })), db.token, reorigin))
}

/** Pages once associates can work: short writes, so a lookup never waits behind a long one. */
const BACKGROUND_PAGE = 500

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

async function bootstrapCollection(options: BootstrapOptions, c: CollectionName, pageSize: number, background: boolean): Promise<void> {
  const { db } = options
  const collection = db[c] as AnyCollection
  const identifier = options.identifierFor(c)
  const meta = await openMetaInstance(db, collection, identifier)
  const metaRows = meta as unknown as RxStorageInstance<Meta & { id: string }, unknown, unknown>
  const instance = collection.storageInstance.originalStorageInstance as RxStorageInstance<{ id: string }, unknown, unknown>
  const reorigin = (rev: string) => originOf(db, identifier, rev)
  /** Moves a checkpoint of the meta instance on; returns the row written. */
  const checkpoint = async (direction: Direction, data: unknown, previous: RxDocumentData<Meta> | undefined) => {
    const row = checkpointRow(meta, direction, data, previous, db.token)
    await writeOver(metaRows, [row] as BulkWriteRow<Meta & { id: string }>[], db.token)
    return row.document
  }
  try {
    const down = await readCheckpointDoc(meta, 'down')
    // Placed for all collections at the start; if that failed, here, still before any document.
    if (!(await readCheckpointDoc(meta, 'up')))
      await checkpoint('up', AFTER_BAND, undefined)
    const origin = await reorigin(createRevision(db.token))
    let busyStep = FIRST_STEP
    const write = async (docs: { id: string }[]) => {
      if (!docs.length)
        return
      await options.writable?.(c)
      for (let at = 0; at < docs.length;) {
        // Associates work meanwhile: a write waits for a moment nobody is looking anything up,
        // and while someone used the tablet lately it is a short step (./write-steps.ts).
        if (background)
          await options.background?.idle()
        const busy = background && options.background?.busy?.()
        const started = performance.now()
        const written = storedPage(docs.slice(at, busy ? at + busyStep : docs.length), db.token, origin)
        // Under the database's write lock, like every write of RxDB's.
        await db.lockedRun(() => writeOver(instance, written.map(document => ({ document })), db.token, reorigin))
        if (busy)
          busyStep = nextStep(busyStep, performance.now() - started)
        at += written.length
        options.onWritten?.(c, written.length)
      }
    }
    if (collectionRules[c].historyField && options.pullNewest && !down)
      await newestFirst(options, c, pageSize, write, checkpoint, await readCheckpointDoc(meta, 'first'))
    else
      await bySequence(options, c, pageSize, write, checkpoint, down)
  }
  finally {
    await meta.close()
  }
}

type Write = (docs: { id: string }[]) => Promise<void>
type MoveCheckpoint = (direction: Direction, data: unknown, previous: RxDocumentData<Meta> | undefined) => Promise<RxDocumentData<Meta>>

/** Page by page in the server's change order, from `down` (a resumed download) or the start. */
async function bySequence(options: BootstrapOptions, c: CollectionName, pageSize: number, write: Write, checkpoint: MoveCheckpoint, down: RxDocumentData<Meta> | undefined): Promise<void> {
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
    await write(docs)
    if (page.checkpoint && JSON.stringify(page.checkpoint) !== JSON.stringify(down?.checkpointData))
      down = await checkpoint('down', page.checkpoint, down)
    if (!more || options.ctx.signal.aborted)
      return
  }
}

/**
 * The history, newest first (the server's `order=newest`): the entries below a handover
 * position the first page fixes, by date descending; where it has got to is kept in the
 * meta instance's 'first' checkpoint (ours), so a reload resumes there with the same
 * position. At the end 'down' goes to that position: the replication takes every change
 * from there, the download had everything below it.
 */
async function newestFirst(options: BootstrapOptions, c: CollectionName, pageSize: number, write: Write, checkpoint: MoveCheckpoint, first: RxDocumentData<Meta> | undefined): Promise<void> {
  const pull = options.pullNewest!
  const saved = first?.checkpointData as NewestProgress | undefined
  let next = pull(c, saved?.below ?? null, saved?.cursor ?? null, pageSize)
  for (;;) {
    const page = await next
    if (page.cursor) {
      next = pull(c, page.below, page.cursor, pageSize)
      next.catch(() => undefined)
    }
    await write(page.documents as { id: string }[])
    if (!page.cursor) {
      await checkpoint('down', { seq: page.below, id: '' }, undefined)
      return
    }
    first = await checkpoint('first', { below: page.below, cursor: page.cursor } satisfies NewestProgress, first)
    if (options.ctx.signal.aborted)
      return
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
    const background = stage > SIGN_IN_STAGE
    const size = background ? Math.min(pageSize, options.background?.pageSize ?? BACKGROUND_PAGE) : pageSize
    await Promise.all(collections.map(async (c) => {
      await bootstrapCollection(options, c, size, background).catch(() => undefined)
      options.onCollectionDone?.(c)
    }))
    if (options.ctx.signal.aborted)
      return
    options.onStageDone?.(stage)
  }
}
