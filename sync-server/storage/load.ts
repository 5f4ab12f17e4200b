/**
 * Bulk loading (demo seed, fixtures): documents go through the normal write path in
 * chunks, so they get change numbers and reach tablets like any other write. Documents
 * that already exist are skipped, so loading the same data twice adds nothing.
 */
import type { CollectionName } from '../../src/shared/types'
import type { Database } from './db'
import type { AnyDoc } from './writer'
import { COLLECTIONS } from '../../src/shared/collections'
import { withWriter } from './writer'

export type DocBatch = Partial<Record<CollectionName, ReadonlyArray<object & { id: string }>>>

export interface LoadResult { written: number, skipped: number }

export async function loadDocuments(db: Database, batch: DocBatch): Promise<LoadResult> {
  const result = { written: 0, skipped: 0 }
  await withWriter(db, async (w) => {
    for (const collection of COLLECTIONS) {
      const docs = (batch[collection] ?? []) as AnyDoc[]
      if (!docs.length)
        continue
      const { rows } = await w.query<{ id: string }>(
        'SELECT id FROM docs WHERE collection = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))',
        [collection, JSON.stringify(docs.map(d => d.id))],
      )
      const existing = new Set(rows.map(r => r.id))
      const fresh = docs.filter(d => !existing.has(d.id)).map(d => ({ ...d, _deleted: d._deleted === true }))
      result.skipped += docs.length - fresh.length
      result.written += fresh.length
      await w.write(collection, fresh)
    }
    // A customer is in the book of their home store and of every store they bought in or visited.
    const books = new Map<string, Set<string>>()
    const add = (store: unknown, customer: unknown) => {
      if (typeof store === 'string' && typeof customer === 'string')
        books.set(store, (books.get(store) ?? new Set()).add(customer))
    }
    for (const c of (batch.customers ?? []) as AnyDoc[]) add(c.homeStoreId, c.id)
    for (const o of [...batch.orders ?? [], ...batch.visits ?? []] as AnyDoc[]) add(o.storeId, o.customerId)
    for (const [store, customers] of books) await w.joinBook(store, [...customers], 'seed')
  })
  return result
}
