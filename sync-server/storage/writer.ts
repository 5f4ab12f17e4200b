/**
 * The one write path for replicated documents: pushes, commerce events and the seed all
 * come through `withWriter`.
 *
 * Invariant 1 (order comes from the server): every write transaction first takes one
 * transaction-level advisory lock, then draws its change numbers from `change_seq`. The
 * lock is released only after the commit is visible, so a reader that has seen number N
 * has also seen every number below N: pullers never skip a change that commits late.
 * `sync_head` records the highest committed number, where a new live stream starts.
 */
import type { CollectionName } from '../../src/shared/types'
import type { Database, Sql } from './db'
import { collectionRules } from '../../src/shared/collections'

export const WRITER_LOCK = 7_245_001
export const CHANGES_CHANNEL = 'sync_changes'
const BOOK_COLLECTIONS: CollectionName[] = ['customers', 'carts', 'wishlists', 'orders', 'visits', 'interactions']

export type AnyDoc = Record<string, unknown> & { id: string }

/**
 * Lets a test hold a transaction open between its writes and its commit, to widen the
 * window in which commit order and sequence order could disagree.
 */
export const writerTestHooks: { beforeCommit: (() => Promise<void>) | null } = { beforeCommit: null }

export interface Writer extends Sql {
  load: (collection: CollectionName, ids: string[]) => Promise<Map<string, AnyDoc>>
  write: (collection: CollectionName, docs: AnyDoc[]) => Promise<void>
  /** Adds customers to a store's book; their existing documents become visible there. */
  joinBook: (storeId: string, customerIds: string[], reason: string) => Promise<number>
}

export function placementOf(collection: CollectionName, doc: AnyDoc): { storeId: string | null, customerId: string | null } {
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
  const changed = new Set<CollectionName>()
  const result = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK])
    const writer: Writer = {
      query: tx.query,
      load: (collection, ids) => loadDocs(tx, collection, ids),
      write: async (collection, docs) => {
        if (!docs.length)
          return
        await writeRows(tx, collection, docs)
        changed.add(collection)
      },
      joinBook: async (storeId, customerIds, reason) => {
        const joined = await joinBook(tx, storeId, customerIds, reason)
        if (joined)
          BOOK_COLLECTIONS.forEach(c => changed.add(c))
        return joined
      },
    }
    const value = await fn(writer)
    if (changed.size && writerTestHooks.beforeCommit)
      await writerTestHooks.beforeCommit()
    if (changed.size) {
      await tx.query('UPDATE sync_head SET seq = (SELECT last_value FROM change_seq)')
      await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify([...changed])])
    }
    return value
  })
  if (changed.size)
    db.changes.emit('changes', [...changed])
  return result
}

async function writeRows(tx: Sql, collection: CollectionName, docs: AnyDoc[]): Promise<void> {
  const rows = docs.map((doc) => {
    const { storeId, customerId } = placementOf(collection, doc)
    return { i: doc.id, s: storeId, c: customerId, d: { ...doc, _deleted: doc._deleted === true } }
  })
  const scope = collectionRules[collection].scope
  const upsert = `
    INSERT INTO docs (collection, id, seq, store_id, customer_id, deleted, data)
    SELECT $1, r->>'i', nextval('change_seq'), r->>'s', r->>'c', (r->'d'->>'_deleted')::boolean, r->'d'
    FROM jsonb_array_elements($2::jsonb) AS r
    ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, store_id = excluded.store_id,
      customer_id = excluded.customer_id, deleted = excluded.deleted, data = excluded.data
    RETURNING id, seq, store_id, customer_id`
  if (scope !== 'book' && scope !== 'store-or-book') {
    await tx.query(upsert, [collection, JSON.stringify(rows)])
    return
  }
  // The store's own documents (its visits, orders, interactions) are visible there even
  // for walk-ins; customer documents wherever the customer is in the book.
  const ownStore = scope === 'store-or-book'
    ? 'UNION SELECT w.store_id, w.id, w.seq FROM written w WHERE w.store_id IS NOT NULL'
    : ''
  await tx.query(`
    WITH written AS (${upsert})
    INSERT INTO scope_index (store_id, collection, id, seq)
    SELECT v.store_id, $1, v.id, v.seq FROM (
      SELECT b.store_id, w.id, w.seq FROM written w JOIN book b ON b.customer_id = w.customer_id
      ${ownStore}
    ) v
    ON CONFLICT (store_id, collection, id) DO UPDATE SET seq = excluded.seq`, [collection, JSON.stringify(rows)])
}

async function joinBook(tx: Sql, storeId: string, customerIds: string[], reason: string): Promise<number> {
  if (!customerIds.length)
    return 0
  const { rows } = await tx.query<{ joined: number }>(`
    WITH joined AS (
      INSERT INTO book (store_id, customer_id, seq, reason)
      SELECT $1, c, nextval('change_seq'), $3 FROM (SELECT DISTINCT jsonb_array_elements_text($2::jsonb) AS c) ids
      ON CONFLICT (store_id, customer_id) DO NOTHING
      RETURNING customer_id, seq
    ), indexed AS (
      INSERT INTO scope_index (store_id, collection, id, seq)
      SELECT $1, d.collection, d.id, j.seq FROM joined j JOIN docs d ON d.customer_id = j.customer_id
      WHERE d.collection IN ('customers', 'carts', 'wishlists', 'orders', 'visits', 'interactions')
      ON CONFLICT (store_id, collection, id) DO NOTHING
    )
    SELECT count(*)::int AS joined FROM joined`, [storeId, JSON.stringify(customerIds), reason])
  return Number(rows[0]?.joined ?? 0)
}
