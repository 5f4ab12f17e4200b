/**
 * PGlite's upkeep (sync-server/storage/upkeep.ts): the vacuum and analyze passes a
 * PostgreSQL server's autovacuum would run, which PGlite, single-user, does not.
 */
import type { Database } from '../../sync-server/storage/db'
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_STORES, demoCustomers, demoProducts } from '../../sync-server/seed'
import { loadDocuments } from '../../sync-server/storage/load'
import { migrate } from '../../sync-server/storage/migrations'
import { startUpkeep, tablesDue, upkeepPass } from '../../sync-server/storage/upkeep'
import { openTestDatabase, startTestServer } from './harness'

async function rowEstimate(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = $1::regclass`, [table])
  return rows[0]!.n
}

describe('database upkeep on PGlite', () => {
  const closing: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })

  it('gives the loaded tables statistics when the server starts, so the planner no longer takes them for empty', async () => {
    const db = await openTestDatabase('pglite')
    closing.push(() => db.close())
    await migrate(db)
    const products = demoProducts()
    await loadDocuments(db, { stores: DEMO_STORES, products, ...demoCustomers({ count: 100, products }) })
    expect(await rowEstimate(db, 'docs')).toBe(-1) // never analyzed: the planner guesses
    expect((await tablesDue(db)).map(t => t.table)).toEqual(expect.arrayContaining(['docs', 'scope_index']))

    const server = await startTestServer('pglite', { db })
    closing.push(() => server.close())
    // The pass the server ran at start did the work: the next one finds nothing due.
    expect(await server.upkeep!.run()).toBe(0)
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM docs`)
    expect(await rowEstimate(db, 'docs')).toBe(rows[0]!.n)
    expect(await rowEstimate(db, 'scope_index')).toBeGreaterThan(0)
    expect(await tablesDue(db)).toEqual([])
  })

  it('vacuums a table once a fifth of its rows are dead or enough were inserted, and analyzes it once a tenth have changed, as autovacuum would', async () => {
    const db = await openTestDatabase('pglite')
    closing.push(() => db.close())
    await db.query(`CREATE TABLE scratch (id int PRIMARY KEY, v text)`)
    await db.query(`INSERT INTO scratch SELECT g, 'x' FROM generate_series(1, 1000) g`)
    expect(await tablesDue(db)).toEqual([{ table: 'scratch', vacuum: false, analyze: true }])
    expect(await upkeepPass(db)).toBe(1)
    expect(await tablesDue(db)).toEqual([])

    await db.query(`DELETE FROM scratch WHERE id <= 100`) // dead 100 ≤ 50 + 20 % of 900; changed 100 ≤ 50 + 10 % of 900
    expect(await tablesDue(db)).toEqual([])
    await db.query(`DELETE FROM scratch WHERE id <= 300`) // dead 300 > 190, changed 300 > 120
    expect(await tablesDue(db)).toEqual([{ table: 'scratch', vacuum: true, analyze: true }])
    await upkeepPass(db)
    const { rows } = await db.query<{ dead: number, vacuumed: boolean }>(`SELECT n_dead_tup::float8 AS dead, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'scratch'`)
    expect(rows[0]).toEqual({ dead: 0, vacuumed: true })
    expect(await rowEstimate(db, 'scratch')).toBe(700)

    // Inserts alone: a vacuum marks the new pages all-visible (index-only scans skip them).
    await db.query(`INSERT INTO scratch SELECT g, 'y' FROM generate_series(1001, 2000) g`) // 1,000 ≤ 1,000 + 20 % of 1,700
    expect(await tablesDue(db)).toEqual([{ table: 'scratch', vacuum: false, analyze: true }])
    await upkeepPass(db)
    await db.query(`INSERT INTO scratch SELECT g, 'z' FROM generate_series(2001, 4000) g`) // 3,000 since the last vacuum > 1,000 + 20 % of 3,700
    expect(await tablesDue(db)).toEqual([{ table: 'scratch', vacuum: true, analyze: true }])
  })

  it('leaves a PostgreSQL server to its own autovacuum', () => {
    expect(startUpkeep({ kind: 'postgres' } as Database, { intervalMs: 1000, onError: () => {} })).toBeNull()
  })
})
