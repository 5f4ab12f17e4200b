/**
 * The one write path for replicated documents: pushes, commerce events and the seed all
 * come through `withWriter`.
 *
 * Invariant 1 (order comes from the server) without a global lock. Every row a write
 * transaction touches gets the transaction's position: its transaction id (`xid8`, which
 * only grows) shifted above every change number drawn before positions existed
 * (`change_position()`, migration 10). Writers run concurrently and commit in any order,
 * so a reader must not hand out position P while a transaction with a smaller position may
 * still commit: pulls and live streams read only below `safe_position()`, the oldest
 * transaction id still running in the reader's snapshot (`pg_snapshot_xmin`). Every
 * transaction below it has ended, so the rows below it are final; anything that commits
 * later has a position at or above it, so a checkpoint below it never skips a late commit.
 * The (position, id) checkpoint already orders the many rows of one transaction.
 *
 * What the global lock also did — keep two writers off the same rows — is done per key:
 * a writer locks the customers and documents it is about to read and change (`lock`,
 * transaction-level advisory locks, taken in sorted order). Locks taken later in another
 * order can deadlock; PostgreSQL then aborts one transaction, and a deadlock or
 * serialization failure runs the whole transaction again (it changed nothing).
 *
 * A writer answers once its own position is below the safe position (read your own writes),
 * then announces the collections it changed: in
 * this process at once, and to other instances through NOTIFY (sent after the commit:
 * a NOTIFY inside a transaction makes commits queue on PostgreSQL's notification lock).
 */
import type { CollectionName } from '../../src/shared/types'
import type { Database, Sql } from './db'
import { collectionRules, COLLECTIONS } from '../../src/shared/collections'
import { untilSafe } from './safe-position'

export { CHANGES_CHANNEL } from './safe-position'
export type { ChangeNotice } from './safe-position'
const RETRIES = 8
const RETRYABLE = new Set(['40P01', '40001'])
/** The collections a store's book brings to its tablets: a customer joining the book brings theirs. */
const BOOK_COLLECTIONS = COLLECTIONS.filter(c => collectionRules[c].scope === 'book' || collectionRules[c].scope === 'store-or-book')
const BOOK_IN = BOOK_COLLECTIONS.map(c => `'${c}'`).join(', ')
/** A history document's date for its scope entries (the tablets' window: storage/pull.ts), from its JSON in `data`. */
const HISTORY_AT = (collection: string, data: string) => `(CASE ${collection} ${COLLECTIONS
  .filter(c => collectionRules[c].historyField)
  .map(c => `WHEN '${c}' THEN ${data}->>'${collectionRules[c].historyField}'`)
  .join(' ')} END)::timestamptz`

export type AnyDoc = Record<string, unknown> & { id: string }

/**
 * Lets a test hold a transaction open between its writes and its commit, to widen the
 * window in which commit order and position order could disagree, or switch the per-key
 * locks off to show what they protect.
 */
export const writerTestHooks: { beforeCommit: (() => Promise<void>) | null, skipLocks: boolean } = { beforeCommit: null, skipLocks: false }

export interface Writer extends Sql {
  load: (collection: CollectionName, ids: string[]) => Promise<Map<string, AnyDoc>>
  write: (collection: CollectionName, docs: AnyDoc[]) => Promise<void>
  /** Adds customers to a store's book; their existing documents become visible there. */
  joinBook: (storeId: string, customerIds: string[], reason: string) => Promise<number>
  /** Keeps other writers off these keys until this transaction ends ('customer:<id>', '<collection>:<id>'). */
  lock: (keys: Iterable<string>) => Promise<void>
  /** This transaction's change position (every row it writes carries it), as decimal text. */
  position: () => Promise<string>
  /** The position, drawn by a statement of the caller's (`change_position()` read with other facts): saves a round trip. */
  adoptPosition: (position: string) => void
}

/** The key a writer locks before reading and changing a document: its customer's, when it has one. */
export function lockKeyOf(collection: CollectionName, doc: AnyDoc): string {
  const { customerId } = placementOf(collection, doc)
  return customerId ? `customer:${customerId}` : `${collection}:${doc.id}`
}

function placementOf(collection: CollectionName, doc: AnyDoc): { storeId: string | null, customerId: string | null } {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null)
  switch (collection) {
    case 'customers':
      return { storeId: null, customerId: doc.id }
    case 'carts':
    case 'wishlists':
      return { storeId: null, customerId: str(doc.customerId) }
    case 'associates':
    case 'inventory':
      return { storeId: str(doc.storeId), customerId: null }
    case 'tasks':
    case 'outreach':
    case 'appointments':
    case 'orders':
    case 'visits':
    case 'interactions':
      return { storeId: str(doc.storeId), customerId: str(doc.customerId) }
    default:
      return { storeId: null, customerId: null }
  }
}

export async function loadDocs(sql: Sql, collection: CollectionName, ids: string[]): Promise<Map<string, AnyDoc>> {
  const found = new Map<string, AnyDoc>()
  if (!ids.length)
    return found
  const { rows } = await sql.query<{ data: AnyDoc }>(
    'SELECT data FROM docs WHERE collection = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))',
    [collection, JSON.stringify(ids)],
  )
  for (const row of rows) found.set(row.data.id, row.data)
  return found
}

export async function withWriter<T>(db: Database, fn: (w: Writer) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeOnce(db, fn)
    }
    catch (error) {
      const code = (error as { code?: unknown } | null)?.code
      if (attempt >= RETRIES || typeof code !== 'string' || !RETRYABLE.has(code))
        throw error
      // Both sides of a deadlock retry: a random pause keeps them from meeting again.
      await new Promise(resolve => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

async function writeOnce<T>(db: Database, fn: (w: Writer) => Promise<T>): Promise<T> {
  const changed = new Set<CollectionName>()
  let position = 0
  const result = await db.transaction(async (tx) => {
    const locked = new Set<string>()
    let drawn: Promise<string> | undefined
    const writer: Writer = {
      query: tx.query,
      load: (collection, ids) => loadDocs(tx, collection, ids),
      write: async (collection, docs) => {
        if (!docs.length)
          return
        await writer.lock(docs.map(d => lockKeyOf(collection, d)))
        await writeRows(tx, collection, docs, await writer.position())
        changed.add(collection)
      },
      joinBook: async (storeId, customerIds, reason) => {
        const joined = await joinBook(tx, storeId, customerIds, reason, await writer.position())
        if (joined)
          BOOK_COLLECTIONS.forEach(c => changed.add(c))
        return joined
      },
      lock: async (keys) => {
        // PGlite runs one transaction at a time: nothing to keep off.
        if (db.kind !== 'postgres' || writerTestHooks.skipLocks)
          return
        const fresh = [...new Set(keys)].filter(k => !locked.has(k)).sort()
        if (!fresh.length)
          return
        fresh.forEach(k => locked.add(k))
        // One statement, in a fixed order: two writers locking overlapping sets can't deadlock here.
        await tx.query('SELECT count(pg_advisory_xact_lock(hashtextextended(k, 7245001))) FROM (SELECT k FROM jsonb_array_elements_text($1::jsonb) AS k ORDER BY k) s', [JSON.stringify(fresh)])
      },
      position: () => drawn ??= tx.query<{ p: string }>('SELECT change_position()::text AS p').then(r => r.rows[0]!.p),
      adoptPosition: (p) => {
        drawn ??= Promise.resolve(p)
      },
    }
    const value = await fn(writer)
    if (changed.size && writerTestHooks.beforeCommit)
      await writerTestHooks.beforeCommit()
    if (changed.size)
      position = Number(await writer.position())
    return value
  })
  if (changed.size)
    await untilSafe(db, position, { collections: [...changed] })
  return result
}

/**
 * `position`: the transaction's (Writer.position), drawn once rather than per row.
 *
 * Joins from the rows just written to the book (and, in joinBook, from the customers just
 * added to their documents) are LATERAL with `OFFSET 0` (which keeps the planner from pulling
 * the subquery up into a plain join): the planner takes a CTE for a hundred rows and would
 * otherwise hash-join against the whole book or the whole docs table — it did, a full scan of
 * docs for every customer registered (395 ms at 310,000 documents).
 */
async function writeRows(tx: Sql, collection: CollectionName, docs: AnyDoc[], position: string): Promise<void> {
  const rows = docs.map((doc) => {
    const { storeId, customerId } = placementOf(collection, doc)
    return { i: doc.id, s: storeId, c: customerId, d: { ...doc, _deleted: doc._deleted === true } }
  })
  const scope = collectionRules[collection].scope
  const upsert = `
    INSERT INTO docs (collection, id, seq, store_id, customer_id, deleted, data)
    SELECT $1, r->>'i', $3::bigint, r->>'s', r->>'c', (r->'d'->>'_deleted')::boolean, r->'d'
    FROM jsonb_array_elements($2::jsonb) AS r
    ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, store_id = excluded.store_id,
      customer_id = excluded.customer_id, deleted = excluded.deleted, data = excluded.data
    RETURNING id, seq, store_id, customer_id, ${HISTORY_AT('$1', 'data')} AS at`
  if (scope !== 'book' && scope !== 'store-or-book') {
    await tx.query(upsert, [collection, JSON.stringify(rows), position])
    return
  }
  // The store's own documents (its visits, orders, interactions) are visible there even
  // for walk-ins; customer documents wherever the customer is in the book.
  const ownStore = scope === 'store-or-book'
    ? 'UNION SELECT w.store_id, w.id, w.seq, w.at FROM written w WHERE w.store_id IS NOT NULL'
    : ''
  await tx.query(`
    WITH written AS (${upsert})
    INSERT INTO scope_index (store_id, collection, id, seq, at)
    SELECT v.store_id, $1, v.id, v.seq, v.at FROM (
      SELECT b.store_id, w.id, w.seq, w.at FROM written w CROSS JOIN LATERAL (SELECT store_id FROM book WHERE customer_id = w.customer_id OFFSET 0) b
      ${ownStore}
    ) v
    ON CONFLICT (store_id, collection, id) DO UPDATE SET seq = excluded.seq, at = excluded.at`, [collection, JSON.stringify(rows), position])
}

async function joinBook(tx: Sql, storeId: string, customerIds: string[], reason: string, position: string): Promise<number> {
  if (!customerIds.length)
    return 0
  const { rows } = await tx.query<{ joined: number }>(`
    WITH joined AS (
      INSERT INTO book (store_id, customer_id, seq, reason)
      SELECT $1, c, $4::bigint, $3 FROM (SELECT DISTINCT jsonb_array_elements_text($2::jsonb) AS c) ids
      ON CONFLICT (store_id, customer_id) DO NOTHING
      RETURNING customer_id, seq
    ), indexed AS (
      INSERT INTO scope_index (store_id, collection, id, seq, at)
      SELECT $1, d.collection, d.id, j.seq, ${HISTORY_AT('d.collection', 'd.data')} FROM joined j
      CROSS JOIN LATERAL (SELECT collection, id, data FROM docs WHERE customer_id = j.customer_id AND collection IN (${BOOK_IN}) OFFSET 0) d
      ON CONFLICT (store_id, collection, id) DO NOTHING
    )
    SELECT count(*)::int AS joined FROM joined`, [storeId, JSON.stringify(customerIds), reason, position])
  return Number(rows[0]?.joined ?? 0)
}
