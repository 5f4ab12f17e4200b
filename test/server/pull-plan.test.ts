/**
 * How a pull page is read on a PostgreSQL server (sync-server/storage/pull.ts): without
 * parallel workers, whose start-up costs more than a page's read, and without changing the
 * setting for anything else on the connection.
 */
import type { Database, Sql } from '../../sync-server/storage/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPullPage } from '../../sync-server/storage/pull'
import { migrate } from '../../sync-server/storage/migrations'
import { loadDocuments } from '../../sync-server/storage/load'
import { world } from '../fixtures/world'
import { openTestDatabase } from './harness'

describe.skipIf(!process.env.TEST_DATABASE_URL)('a pull page on PostgreSQL', () => {
  let db: Database
  beforeAll(async () => {
    db = await openTestDatabase('postgres')
    await migrate(db)
    await loadDocuments(db, world())
  })
  afterAll(() => db.close())

  const workers = async (sql: Sql) => (await sql.query<{ v: string }>(`SELECT current_setting('max_parallel_workers_per_gather') AS v`)).rows[0]!.v

  it('reads the page with parallel workers off, and leaves the setting as it was afterwards', async () => {
    const seen: string[] = []
    // The real database, its transaction watched: what the setting was when the page's query ran.
    const watched: Database = {
      ...db,
      transaction: fn => db.transaction(tx => fn({
        query: async <T>(text: string, params?: unknown[]) => {
          const result = await tx.query<T>(text, params)
          if (text.includes('FROM scope_index'))
            seen.push(await workers(tx))
          return result
        },
      })),
    }
    const page = await readPullPage(watched, { collection: 'customers', storeId: 'store-a', checkpoint: null, limit: 10 })
    expect(page.documents.length).toBeGreaterThan(0)
    expect(seen).toEqual(['0'])
    expect(await workers(db)).not.toBe('0')
  })
})
