import type { ClientelingDatabase } from '../../src/db/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDatabase } from '../../src/db/app-database'
import { lockBook, unlockBook } from '../../src/platform/book-lock'
import { findCustomerByLoyalty, getCustomersByIds, searchCustomers, searchQueries, searchStages } from '../../src/db/customers'
import { createDatabase } from '../../src/db/database'
import { parseSearchQuery } from '../../src/shared/search'
import { demoCustomers, demoProducts } from '../../sync-server/seed'
import { makeCustomer } from '../fixtures/docs'

let db: ClientelingDatabase

const niccolo = makeCustomer({ id: 'cus-niccolo', firstName: 'Niccolò', lastName: 'Brambilla', email: 'n.brambilla@example.com', phone: '+39 347 555 0101', loyaltyId: 'LOY-99000001' })
const maria = makeCustomer({ id: 'cus-maria', firstName: 'Maria', lastName: 'Rossi', email: 'maria.rossi@example.com', phone: '+39 333 123 4567', loyaltyId: 'LOY-99000002' })
const gone = makeCustomer({ id: 'cus-gone', firstName: 'Niccolò', lastName: 'Brambillo', email: 'gone@example.com', phone: '+39 347 555 0199', loyaltyId: 'LOY-99000003' })

// The tablet's database seals contact fields: search runs on it as the app's does.
beforeAll(async () => {
  await unlockBook(crypto.getRandomValues(new Uint8Array(32)), 'lookup-test')
  db = await createDatabase({ storage: getRxStorageMemory(), name: `lookup-${process.pid}-${Date.now()}`, multiInstance: false, sealed: true })
  useDatabase(db)
  const { customers } = demoCustomers({ count: 400, products: demoProducts() })
  await db.customers.bulkInsert([...customers.map(c => ({ ...c, _deleted: false })), niccolo, maria, gone])
  await (await db.customers.findOne(gone.id).exec())!.remove()
})

afterAll(async () => {
  useDatabase(null)
  await db.remove()
  lockBook()
})

const ids = (list: { id: string }[]) => list.map(c => c.id)

describe('searchCustomers', () => {
  it('finds Niccolò when the associate types "nicolo" without the accent or the double c', async () => {
    expect(ids(await searchCustomers('nicolo'))).toContain(niccolo.id)
  })

  it('finds Maria Rossi from the partial name "ross mar" and from "mar ross"', async () => {
    expect(ids(await searchCustomers('ross mar'))).toContain(maria.id)
    expect(ids(await searchCustomers('mar ross'))).toContain(maria.id)
  })

  it('returns only customers who match every typed word', async () => {
    const results = await searchCustomers('ross mar')
    expect(results.length).toBeGreaterThan(0)
    for (const c of results) expect(`${c.firstName} ${c.lastName}`.toLowerCase()).toMatch(/mar.*ros|ros.*mar/)
  })

  it('puts whole-word matches before longer names that merely start the same', async () => {
    await db.customers.insert(makeCustomer({ id: 'cus-rosina', firstName: 'Maria', lastName: 'Rossini', email: null, phone: null, loyaltyId: null }))
    const results = ids(await searchCustomers('rossi maria'))
    expect(results.indexOf(maria.id)).toBeLessThan(results.indexOf('cus-rosina'))
  })

  it('fills a page of "De S…" surnames from the typed phrase alone, and still finds "ross mar" from the words', async () => {
    const deSantis = Array.from({ length: 60 }, (_, i) => makeCustomer({ id: `cus-desantis-${i}`, firstName: `Nome${i}`, lastName: 'De Santis', email: null, phone: null, loyaltyId: null }))
    await db.customers.bulkInsert(deSantis)
    const stages = searchStages(parseSearchQuery('De S'))
    expect(stages).toHaveLength(2)
    expect(stages[0]!.map(q => Object.values(q.selector!)[0])).toEqual([{ $gte: 'de s', $lt: 'de s\uffff' }, { $gte: 'de s', $lt: 'de s\uffff' }])
    const results = await searchCustomers('De S')
    expect(results).toHaveLength(50)
    for (const c of results) expect(c.lastName).toBe('De Santis')
    // No name starts with "ross mar": the words' ranges find Maria Rossi.
    expect(ids(await searchCustomers('ross mar'))).toContain(maria.id)
    await db.customers.bulkRemove(deSantis.map(c => c.id))
  })

  it('finds a whole phone number typed in any format', async () => {
    for (const typed of ['+39 333 123 4567', '333 123 4567', '0039 3331234567', '333-123-4567'])
      expect(ids(await searchCustomers(typed)), typed).toEqual([maria.id])
  })

  it('finds a customer from the whole e-mail address in any case, not from a part of it', async () => {
    expect(ids(await searchCustomers(' Maria.Rossi@Example.com'))).toEqual([maria.id])
    // The tablet keeps only keyed hashes of addresses: there is no prefix to compare.
    expect(ids(await searchCustomers('maria.rossi@ex'))).toEqual([])
  })

  it('stores neither the e-mail nor the phone number in the clear', async () => {
    const stored = JSON.stringify([...(db.customers.storageInstance.internals as { documents: Map<string, unknown> }).documents.values()])
    expect(stored).toContain('Brambilla')
    for (const secret of ['n.brambilla@example.com', 'maria.rossi@example.com', '347 555 0101', '3475550101', '3331234567'])
      expect(stored).not.toContain(secret)
  })

  it('finds the loyalty card with or without the dash, in any case', async () => {
    for (const typed of ['LOY-99000002', 'loy99000002', 'LOY 99000002'])
      expect(ids(await searchCustomers(typed))[0], typed).toBe(maria.id)
  })

  it('never shows a deleted customer', async () => {
    expect(ids(await searchCustomers('brambill'))).not.toContain(gone.id)
    expect(ids(await searchCustomers('gone@example.com'))).toEqual([])
    expect(await findCustomerByLoyalty('LOY-99000003')).toBeNull()
  })

  it('returns nothing for an empty query', async () => {
    expect(await searchCustomers('   ')).toEqual([])
  })
})

describe('the queries behind a search', () => {
  const cases = ['nicolo', 'ross mar', 'maria.rossi@example.com', '+39 333 123 4567', 'LOY-99000002', 'mrossi']

  it.each(cases)('uses only indexed ranges or exact keys, never $regex, for %j', (typed) => {
    const queries = searchQueries(parseSearchQuery(typed))
    expect(queries.length).toBeGreaterThan(0)
    for (const q of queries) {
      expect(JSON.stringify(q)).not.toContain('$regex')
      const [field, range] = Object.entries(q.selector!)[0]!
      expect(['nameKey', 'nameKeyAlt', 'emailKey', 'phoneKey', 'loyaltyKey']).toContain(field)
      if (field === 'emailKey' || field === 'phoneKey') {
        expect(typeof range).toBe('string')
      }
      else {
        const { $gte, $lt } = range as { $gte: string, $lt: string }
        expect($lt).toBe(`${$gte}\uffff`)
      }
      expect(q.limit).toBeLessThanOrEqual(250)
    }
  })

  it.each(cases)('lets the storage read %j from the index, stopping at the limit', (typed) => {
    for (const q of searchQueries(parseSearchQuery(typed))) {
      const plan = db.customers.find(q).getPreparedQuery().queryPlan
      const field = Object.keys(q.selector!)[0]!
      expect(plan.index).toContain(field)
      expect(plan.sortSatisfiedByIndex).toBe(true)
      expect(plan.selectorSatisfiedByIndex).toBe(true)
    }
  })
})

describe('getCustomersByIds and findCustomerByLoyalty', () => {
  it('returns customers in the order asked, skipping those no longer on the tablet', async () => {
    expect(ids(await getCustomersByIds([maria.id, 'cus-missing', gone.id, niccolo.id]))).toEqual([maria.id, niccolo.id])
  })

  it('finds a scanned loyalty code exactly', async () => {
    expect((await findCustomerByLoyalty('loy-9900 0001'))?.id).toBe(niccolo.id)
    expect(await findCustomerByLoyalty('LOY-9900000')).toBeNull()
  })
})
