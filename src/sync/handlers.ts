/**
 * The HTTP side of the replication (docs/DESIGN.md, "Replication protocol"): RxDB's pull and
 * push handlers over the sync-server's endpoints.
 */
import type { ReplicationPullHandler, ReplicationPushHandler } from '../db/replication-api'
import type { PullResponse, PushRow, Checkpoint } from '../shared/protocol'
import type { AppError } from '../shared/errors'
import type { CollectionName, DocTypes, WithDeleted } from '../shared/types'
import type { HttpContext } from '../api/http'
import type { Rejection } from '../models/rejection'
import { stripLocal } from '../shared/equal'
import { emailKey, phoneKey } from '../shared/search'
import { requestJson, SyncHttpError } from '../api/http'
import { isPermanentRejection } from './rejections'

/**
 * The server derives a customer's search keys from the e-mail and phone; on the tablet they
 * are stored blind. Pushed documents carry the plain keys again.
 */
export async function plainKeys<T>(doc: T): Promise<T> {
  const d = doc as { email?: string | null, phone?: string | null }
  return { ...doc, emailKey: emailKey(d.email), phoneKey: phoneKey(d.phone) }
}

export function pullHandlerFor<C extends CollectionName>(ctx: HttpContext, collection: C): ReplicationPullHandler<DocTypes[C], Checkpoint> {
  return async (checkpoint, batchSize) => {
    const query = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint ?? null))}&limit=${batchSize}`
    const res = await requestJson<PullResponse<DocTypes[C]>>(ctx, `/api/sync/${collection}/pull?${query}`)
    if (!res || !Array.isArray(res.documents))
      throw new SyncHttpError('invalid-response', `The pull of ${collection} did not answer { documents, checkpoint }`, 200)
    // A null checkpoint means "nothing new": keep ours rather than forget our position.
    return { documents: res.documents, checkpoint: res.checkpoint ?? checkpoint }
  }
}

/** Where a newest-first history read has got to (the server's storage/pull.ts, `HistoryCursor`). */
export interface NewestCursor { at: string, id: string }
export interface NewestPage { documents: unknown[], cursor: NewestCursor | null, below: number }

/** A page of a history collection, newest first, below the handover position `below` (null: the server fixes it). */
export async function pullNewest(ctx: HttpContext, collection: CollectionName, below: number | null, cursor: NewestCursor | null, limit: number): Promise<NewestPage> {
  const query = `order=newest&limit=${limit}${below === null ? '' : `&below=${below}`}${cursor ? `&cursor=${encodeURIComponent(JSON.stringify(cursor))}` : ''}`
  const res = await requestJson<NewestPage>(ctx, `/api/sync/${collection}/pull?${query}`)
  if (!res || !Array.isArray(res.documents) || typeof res.below !== 'number')
    throw new SyncHttpError('invalid-response', `The pull of ${collection}, newest first, did not answer { documents, cursor, below }`, 200)
  return res
}

type PushRows<C extends CollectionName> = Parameters<ReplicationPushHandler<DocTypes[C]>>[0]

async function pushRows<C extends CollectionName>(ctx: HttpContext, collection: C, rows: PushRows<C>): Promise<WithDeleted<DocTypes[C]>[]> {
  // _meta/_rev/_attachments are this database's bookkeeping; the server's schema refuses them.
  const body: PushRow<DocTypes[C]>[] = rows.map(row => ({
    newDocumentState: stripLocal(row.newDocumentState) as WithDeleted<DocTypes[C]>,
    assumedMasterState: row.assumedMasterState ? stripLocal(row.assumedMasterState) as WithDeleted<DocTypes[C]> : null,
  }))
  const conflicts = await requestJson<WithDeleted<DocTypes[C]>[]>(ctx, `/api/sync/${collection}/push`, { method: 'POST', body })
  if (!Array.isArray(conflicts))
    throw new SyncHttpError('invalid-response', `The push of ${collection} did not answer an array of conflicts`, 200)
  return conflicts
}

/**
 * The server refuses a whole push for one bad document. With `onRejected`, a refused batch
 * is re-sent one document at a time: the good ones are written, each refused one is set
 * aside (reported as not conflicting, so RxDB moves on) and shown to the associate. A
 * transient failure meanwhile still throws, and RxDB retries the batch (the documents
 * already written are then replays).
 */
export function pushHandlerFor<C extends CollectionName>(ctx: HttpContext, collection: C, onRejected?: (rejection: Rejection) => void): ReplicationPushHandler<DocTypes[C]> {
  const setAside = (row: PushRows<C>[number], error: AppError | SyncHttpError) => onRejected?.({
    collection,
    id: String((row.newDocumentState as { id: unknown }).id),
    code: error.code,
    message: error.message,
    at: new Date().toISOString(),
  })
  return async (rows) => {
    try {
      return await pushRows(ctx, collection, rows)
    }
    catch (error) {
      if (!onRejected || !isPermanentRejection(error))
        throw error
      if (rows.length === 1) {
        setAside(rows[0]!, error)
        return []
      }
    }
    const conflicts: WithDeleted<DocTypes[C]>[] = []
    for (const row of rows) {
      try {
        conflicts.push(...await pushRows(ctx, collection, [row]))
      }
      catch (error) {
        if (!isPermanentRejection(error))
          throw error
        setAside(row, error)
      }
    }
    return conflicts
  }
}
