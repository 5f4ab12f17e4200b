/**
 * The tablet's index reads (src/db/rxdb-internals.ts) on RxDB's Dexie storage over an
 * in-process IndexedDB: the same documents, in the same order, as RxDB's own cursor, read
 * with one request when the index answers the query.
 */
import type { ClientelingDatabase } from '../../src/db/types'
import { IDBFactory, IDBIndex, IDBKeyRange } from 'fake-indexeddb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { prefixRange, searchQueries } from '../../src/db/customers'
import { createDatabase } from '../../src/db/database'
import { withIndexReads } from '../../src/db/rxdb-internals'
import { parseSearchQuery } from '../../src/shared/search'
import { makeCustomer } from '../fixtures/docs'

const PEOPLE = [
  ['Maria', 'Rossi'],
  ['Mario', 'Rossi'],
  ['Marta', 'Rosso'],
  ['Rossana', 'Bianchi'],
  ['Giulia', 'Rossetti'],
  ['Luca', 'Marini'],
  ['Anna', 'De Santis'],
  ['Marco', 'Rossi'],
] as const

function customers() {
  return PEOPLE.map(([firstName, lastName], i) => makeCustomer({
    id: `cust-${String(i).padStart(2, '0')}`,
    firstName,
    lastName,
    email: `${firstName}.${lastName}@example.com`.toLowerCase(),
    phone: `+39 333 000 00${i}`,
    loyaltyId: `LOY-1000${i}`,
  }))
}

const opened: ClientelingDatabase[] = []
let names = 0

async function database(indexReads: boolean): Promise<ClientelingDatabase> {
  const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })
  const db = await createDatabase({ storage: indexReads ? withIndexReads(storage) : storage, name: `reads${names++}`, multiInstance: false })
  opened.push(db)
  await db.customers.bulkInsert(customers())
  // Removed customers stay in storage as tombstones; no query may return them.
  await db.customers.findOne('cust-07').remove()
  return db
}

async function ids(db: ClientelingDatabase, query: Parameters<ClientelingDatabase['customers']['find']>[0]): Promise<string[]> {
  return (await db.customers.find(query).exec()).map(d => d.id)
}

describe('index reads on the tablet\'s IndexedDB', () => {
  afterEach(async () => {
    vi.restoreAllMocks()
    await Promise.all(opened.splice(0).map(db => db.close()))
  })

  it('finds the same customers in the same order as RxDB\'s cursor, for every lookup query', async () => {
    const typed = ['ross', 'mar', 'ross mar', 'de s', 'rossana', 'zeta', 'LOY-1000']
    const queries = typed.flatMap(q => searchQueries(parseSearchQuery(q)))
    expect(queries.length).toBeGreaterThan(10)
    // One database at a time: RxDB's open-source build caps the collections open at once.
    const cursor = await database(false)
    const expected = await Promise.all(queries.map(q => ids(cursor, q)))
    await opened.pop()!.close()
    const reads = await database(true)
    expect(await Promise.all(queries.map(q => ids(reads, q)))).toEqual(expected)
    expect(expected.filter(list => list.length > 1).length).toBeGreaterThan(3)
    expect(await ids(reads, prefixRange('nameKey', 'ros', 50))).toEqual(['cust-04', 'cust-00', 'cust-01', 'cust-02'])
  })

  it('honours a limit and a skip, and never returns a removed customer', async () => {
    const db = await database(true)
    expect(await ids(db, prefixRange('nameKey', 'ros', 2))).toEqual(['cust-04', 'cust-00'])
    expect(await ids(db, { ...prefixRange('nameKey', 'ros', 2), skip: 1 })).toEqual(['cust-00', 'cust-01'])
    expect(await ids(db, prefixRange('nameKey', 'rosi marco', 50))).toEqual([])
  })

  it('reads an index range with one getAll instead of a cursor stepped per customer', async () => {
    const db = await database(true)
    const cursors = vi.spyOn(IDBIndex.prototype, 'openCursor')
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll')
    expect(await ids(db, prefixRange('nameKeyAlt', 'mar', 50))).toEqual(['cust-00', 'cust-01', 'cust-02'])
    expect(getAll).toHaveBeenCalled()
    expect(cursors).not.toHaveBeenCalled()
  })

  it('leaves a query the index cannot answer alone to RxDB\'s cursor, and still filters it', async () => {
    const db = await database(true)
    const cursors = vi.spyOn(IDBIndex.prototype, 'openCursor')
    const found = await ids(db, { selector: { nameKey: { $gte: 'ros' }, tier: 'gold' }, sort: [{ nameKey: 'asc' }], limit: 3 })
    expect(found).toEqual(['cust-04', 'cust-00', 'cust-01'])
    expect(cursors).toHaveBeenCalled()
  })
})
