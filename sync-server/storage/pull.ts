/**
 * Pulling a collection from a checkpoint, within a store's scope.
 *
 * The checkpoint is (seq, id): rows come in (seq, id) order and the next page starts
 * strictly after the last row returned. For global and store-scoped collections seq is
 * the document's own change number; for customer-related collections it is the position
 * in `scope_index`, which is the document's change number or, when its customer entered
 * the store's book later, the number of that entry.
 *
 * Only positions below `safe_position()` are read: above it a transaction that started
 * earlier may still commit (storage/writer.ts). `pullTestHooks.unsafe` switches that off,
 * for the test that shows the order breaks without it.
 *
 * Documents are returned as the JSON text PostgreSQL already has, so the response is
 * assembled without parsing and re-serialising every document.
 *
 * The history window: orders, visits and interactions dated before `historyFrom` are left
 * out (their scope entries carry the date: storage/writer.ts), so a tablet holds the last
 * `TABLET_HISTORY_MONTHS` of a customer's history; the server keeps all of it, and the
 * lifetime value and purchase count it computes count all of it. The filter sits under the
 * page's LIMIT, so old entries never fill a page.
 */
import type { Checkpoint } from '../../src/shared/protocol'
import type { CollectionName } from '../../src/shared/types'
import type { Database, Sql } from './db'
import { collectionRules, COLLECTIONS } from '../../src/shared/collections'

export interface PullPage {
  /** each document's JSON text */
  documents: string[]
  checkpoint: Checkpoint | null
}

export interface PullRequest {
  collection: CollectionName
  storeId: string
  checkpoint: Checkpoint | null
  limit: number
  /** the window's start (ISO); null keeps all of the history */
  historyFrom?: string | null
}

/**
 * Where the tablets' history starts: the beginning of the UTC day `months` calendar months
 * before `now` (the same all day, so a day's pulls agree), or null for no window (0).
 */
export function historyFrom(months: number, now = new Date()): string | null {
  if (!months)
    return null
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate())).toISOString()
}

interface Row { seq: number, id: string, data: string }

export const pullTestHooks = { unsafe: false }

async function pullPage(sql: Sql, request: PullRequest): Promise<PullPage> {
  const { collection, storeId, limit } = request
  const from = request.checkpoint ?? { seq: 0, id: '' }
  const scope = collectionRules[collection].scope
  const below = pullTestHooks.unsafe ? '' : 'AND seq < safe_position()'
  const windowed = !!request.historyFrom && !!collectionRules[collection].historyField
  let rows: Row[]
  if (scope === 'global') {
    rows = (await sql.query<Row>(`
      SELECT seq::float8 AS seq, id, data::text AS data FROM docs
      WHERE collection = $1 AND (seq, id) > ($2::bigint, $3) ${below}
      ORDER BY seq, id LIMIT $4`, [collection, from.seq, from.id, limit])).rows
  }
  else if (scope === 'store') {
    rows = (await sql.query<Row>(`
      SELECT seq::float8 AS seq, id, data::text AS data FROM docs
      WHERE collection = $1 AND store_id = $2 AND (seq, id) > ($3::bigint, $4) ${below}
      ORDER BY seq, id LIMIT $5`, [collection, storeId, from.seq, from.id, limit])).rows
  }
  else {
    // The page's entries first, then their documents: written as one join under a LIMIT, a
    // planner with statistics hashed every document of the collection and sorted the lot
    // for each page (PostgreSQL, 20,000 customers: 208 ms a page instead of ~25 ms). Every
    // scope entry has its document (documents are never deleted, only tombstoned).
    rows = (await sql.query<Row>(`
      SELECT s.seq::float8 AS seq, s.id, d.data::text AS data
      FROM (
        SELECT seq, id FROM scope_index
        WHERE store_id = $1 AND collection = $2 AND (seq, id) > ($3::bigint, $4) ${below}
          ${windowed ? 'AND (at IS NULL OR at >= $6::timestamptz)' : ''}
        ORDER BY seq, id LIMIT $5
      ) s JOIN docs d ON d.collection = $2 AND d.id = s.id
      ORDER BY s.seq, s.id`, [storeId, collection, from.seq, from.id, limit, ...(windowed ? [request.historyFrom] : [])])).rows
  }
  const last = rows.at(-1)
  return {
    documents: rows.map(r => r.data),
    checkpoint: last ? { seq: Number(last.seq), id: last.id } : request.checkpoint,
  }
}

/** Where a newest-first read of the history has got to: the last entry's date and id. */
export interface HistoryCursor { at: string, id: string }

export interface NewestPage {
  documents: string[]
  /** the next page starts after it; null when this was the last */
  cursor: HistoryCursor | null
  /** the handover position: the read covers entries below it, the replication takes over from it */
  below: number
}

/**
 * A new tablet's history, newest first (issue 24): a history collection's scope entries of
 * the store below a handover position `below` — `safe_position()` when the first page is
 * asked for — in the window, by date then id, descending. An entry that changes meanwhile
 * moves to a position at or above `below` (storage/writer.ts), so it leaves this read and is
 * the replication's, which the tablet starts from `below`: the two are disjoint and together
 * complete, whatever the order inside.
 */
export async function readNewestPage(db: Database, request: { collection: CollectionName, storeId: string, below: number | null, cursor: HistoryCursor | null, limit: number, historyFrom: string | null }): Promise<NewestPage> {
  const below = request.below ?? await safePosition(db)
  const params: unknown[] = [request.storeId, request.collection, below, request.limit]
  const where: string[] = []
  if (request.historyFrom) {
    params.push(request.historyFrom)
    where.push(`AND at >= $${params.length}::timestamptz`)
  }
  if (request.cursor) {
    params.push(request.cursor.at, request.cursor.id)
    where.push(`AND (at, id) < ($${params.length - 1}::timestamptz, $${params.length})`)
  }
  const { rows } = await db.query<{ at: string, id: string, data: string }>(`
    SELECT to_json(s.at)#>>'{}' AS at, s.id, d.data::text AS data
    FROM (
      SELECT at, id FROM scope_index
      WHERE store_id = $1 AND collection = $2 AND seq < $3 AND at IS NOT NULL ${where.join(' ')}
      ORDER BY at DESC, id DESC LIMIT $4
    ) s JOIN docs d ON d.collection = $2 AND d.id = s.id
    ORDER BY s.at DESC, s.id DESC`, params)
  const last = rows.at(-1)
  return { documents: rows.map(r => r.data), cursor: rows.length === request.limit && last ? { at: last.at, id: last.id } : null, below }
}

export function newestPageToJson(page: NewestPage): Buffer {
  return Buffer.concat([pageToJson({ documents: page.documents, checkpoint: null }).subarray(0, -1), Buffer.from(`,"cursor":${JSON.stringify(page.cursor)},"below":${page.below}}`)])
}

/**
 * A page as the routes read it. A pull is a short read a tablet waits on; with statistics a
 * PostgreSQL server plans it with parallel workers, whose start-up costs more than the read
 * (three pages of 500 on 20,000 customers: ~200 ms with workers, ~23 ms without), so a page
 * is read without them. PGlite has no workers.
 */
export async function readPullPage(db: Database, request: PullRequest): Promise<PullPage> {
  if (db.kind !== 'postgres')
    return pullPage(db, request)
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL max_parallel_workers_per_gather = 0')
    return pullPage(tx, request)
  })
}

const COMMA = Buffer.from(',')

/**
 * The response's bytes, encoded document by document: joining a page into one string, then
 * measuring and encoding that string, was most of the server's time in a first download.
 */
export function pageToJson(page: PullPage): Buffer {
  const parts: Buffer[] = [Buffer.from('{"documents":[')]
  page.documents.forEach((doc, i) => {
    if (i)
      parts.push(COMMA)
    parts.push(Buffer.from(doc))
  })
  parts.push(Buffer.from(`],"checkpoint":${JSON.stringify(page.checkpoint)}}`))
  return Buffer.concat(parts)
}

/**
 * Where a new live stream starts: every position below it is final (the tablet pulls those
 * itself), every change from now on is at or above it.
 */
export async function safePosition(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ seq: number }>('SELECT safe_position()::float8 AS seq')
  return Number(rows[0]?.seq ?? 0)
}

/**
 * How many documents a first sync of this store will receive per collection, so the tablet
 * can show real progress ("Customers 12,400 / 20,000").
 */
export async function scopeCounts(sql: Sql, storeId: string, from: string | null = null): Promise<Record<CollectionName, number>> {
  const { rows } = await sql.query<{ collection: CollectionName, n: number }>(`
    SELECT collection, count(*)::int AS n FROM docs WHERE collection IN ('stores', 'products', 'inventory') GROUP BY collection
    UNION ALL
    SELECT collection, count(*)::int FROM docs WHERE collection = 'associates' AND store_id = $1 GROUP BY collection
    UNION ALL
    SELECT collection, count(*)::int FROM scope_index WHERE store_id = $1 AND ($2::timestamptz IS NULL OR at IS NULL OR at >= $2::timestamptz) GROUP BY collection`, [storeId, from])
  const counts = Object.fromEntries(COLLECTIONS.map(c => [c, 0])) as Record<CollectionName, number>
  for (const row of rows) counts[row.collection] = Number(row.n)
  return counts
}
