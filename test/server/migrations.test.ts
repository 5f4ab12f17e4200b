/**
 * Migrations that rewrite stored documents, run on a database that holds documents written
 * before them (the migration's row removed and the migration run again, on both backends).
 */
import type { Database } from '../../sync-server/storage/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../sync-server/storage/migrations'
import { loadDocuments } from '../../sync-server/storage/load'
import { makeCustomer, makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { BACKENDS, openTestDatabase } from './harness'

describe.each(BACKENDS)('stored documents brought up to date, on %s', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await openTestDatabase(backend)
    await migrate(db)
  })
  afterAll(() => db.close())

  it('gives every customer written before version 4 the birthday key the tablets index', async () => {
    await loadDocuments(db, { customers: [
      makeCustomer({ id: 'cus-birthday', birthday: { month: 2, day: 9 } }),
      makeCustomer({ id: 'cus-none', birthday: null }),
      makeCustomer({ id: 'cus-before-v3' }),
    ] })
    await db.query(`UPDATE docs SET data = data - 'birthdayKey' WHERE collection = 'customers'`)
    await db.query(`DELETE FROM schema_migrations WHERE version = 14`)
    await migrate(db)
    const { rows } = await db.query<{ id: string, key: string }>(`SELECT id, data->>'birthdayKey' AS key FROM docs WHERE collection = 'customers' ORDER BY id`)
    expect(rows.map(r => [r.id, r.key])).toEqual([['cus-before-v3', ''], ['cus-birthday', '02-09'], ['cus-none', '']])
  })

  it('dates the scope entries of every order, visit and interaction written before version 20', async () => {
    await loadDocuments(db, {
      orders: [makeOrder({ id: 'ord-dated', storeId: 'store-a', customerId: null, visitId: null, placedAt: '2024-05-06T10:00:00.000Z' })],
      visits: [makeVisit({ id: 'visit-dated', storeId: 'store-a', customerId: null, startedAt: '2024-05-07T10:00:00.000Z' })],
      interactions: [makeInteraction({ id: 'int-dated', visitId: 'visit-dated', storeId: 'store-a', customerId: null, at: '2024-05-08T10:00:00.000Z' })],
    })
    await db.query(`UPDATE scope_index SET at = NULL`)
    await db.query(`DELETE FROM schema_migrations WHERE version = 20`)
    await migrate(db)
    const { rows } = await db.query<{ id: string, at: Date | null }>(`SELECT id, at FROM scope_index WHERE id IN ('ord-dated', 'visit-dated', 'int-dated') ORDER BY id`)
    expect(rows.map(r => [r.id, r.at && new Date(r.at).toISOString()])).toEqual([['int-dated', '2024-05-08T10:00:00.000Z'], ['ord-dated', '2024-05-06T10:00:00.000Z'], ['visit-dated', '2024-05-07T10:00:00.000Z']])
  })
})
