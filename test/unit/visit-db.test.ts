import type { ClientelingDatabase } from '../../src/db/types'
import type { InventoryDoc, ProductDoc } from '../../src/shared/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { firstValueFrom, skipWhile } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { endVisit, loadCatalogue, logInteraction, searchCatalogue, startVisit, stockFor, watchVisit } from '../../src/db/visits'
import { ASSOCIATE_ID, CUSTOMER_ID, STORE_ID, T0 } from '../fixtures/docs'
import { makeStore } from '../fixtures/world'

const product = (sku: string, name: string, extra: Partial<ProductDoc> = {}): ProductDoc => ({
  id: sku, updatedAt: T0, sku, name, brand: 'Passo Lieve', category: 'shoes', priceMinor: 10_000, currency: 'EUR',
  sizes: ['38', '39'], colours: ['Nero'], barcodes: [], imageUrl: '', url: '', ...extra,
})
const stock = (storeId: string, sku: string, onHand: number): InventoryDoc => ({ id: `${storeId}:${sku}`, updatedAt: T0, storeId, sku, onHand })

let db: ClientelingDatabase
let counter = 0

beforeEach(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `visit-db-${process.pid}-${counter++}`, multiInstance: false })
})
afterEach(async () => {
  await db.remove()
})

describe('a visit in the local database', () => {
  it('starts open, with a ULID, for the given store, associate and customer', async () => {
    const visit = await startVisit({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID }, db)
    expect(visit.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    const stored = (await db.visits.findOne(visit.id).exec())!.toJSON()
    expect(stored).toMatchObject({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID, outcome: 'open', endedAt: null, orderId: null })
    expect(stored.startedAt).toBe(stored.updatedAt)
  })

  it('records interactions with the visit\'s store, associate and customer', async () => {
    const visit = await startVisit({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: null }, db)
    const tried = await logInteraction({ visit, type: 'tried_on', sku: 'SKU-A', size: '38' }, db)
    const due = '2026-12-01T11:00:00.000Z'
    await logInteraction({ visit, type: 'follow_up', text: 'Call when the 39 is back', dueAt: due }, db)
    const rows = (await db.interactions.find({ selector: { visitId: visit.id } }).exec()).map(d => d.toJSON())
    expect(rows).toHaveLength(2)
    expect(tried).toMatchObject({ visitId: visit.id, storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: null, sku: 'SKU-A', size: '38', text: null, dueAt: null })
    expect(rows.find(r => r.type === 'follow_up')).toMatchObject({ text: 'Call when the 39 is back', dueAt: due, sku: null })
  })

  it('ends with an outcome once; a second end keeps the first outcome', async () => {
    const visit = await startVisit({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID }, db)
    const ended = await endVisit(visit.id, 'no_purchase', db)
    expect(ended.outcome).toBe('no_purchase')
    expect(ended.endedAt).not.toBeNull()
    expect((await endVisit(visit.id, 'follow_up', db)).outcome).toBe('no_purchase')
  })

  it('refuses to end a visit that is not on the tablet', async () => {
    await expect(endVisit('nope', 'no_purchase', db)).rejects.toThrow(/not on this tablet/)
  })

  it('watches the visit and its interactions, newest first', async () => {
    const visit = await startVisit({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID }, db)
    await logInteraction({ visit, type: 'shown', sku: 'SKU-A' }, db)
    await logInteraction({ visit, type: 'note', text: 'Likes suede' }, db)
    const state = await firstValueFrom(watchVisit(db, visit.id).pipe(skipWhile(s => s.interactions.length < 2)))
    expect(state.visit?.id).toBe(visit.id)
    expect(state.interactions.map(i => i.type)).toEqual(['note', 'shown'])
  })
})

describe('finding products during a visit', () => {
  beforeEach(async () => {
    await db.products.bulkInsert([
      product('SKU-A', 'Mocassino Capri'),
      product('SKU-B', 'Décolleté Èlite', { barcodes: ['8001234567890'] }),
      product('SKU-C', 'Borsa Capri', { sizes: [] }),
    ])
    await db.inventory.bulkInsert([stock(STORE_ID, 'SKU-A', 3), stock('online', 'SKU-A', 0), stock('store-roma-condotti', 'SKU-A', 9)])
  })

  it('matches name word prefixes without accents or case', async () => {
    const catalogue = await loadCatalogue(db)
    expect(searchCatalogue(catalogue, 'capri').map(p => p.sku)).toEqual(['SKU-C', 'SKU-A'])
    expect(searchCatalogue(catalogue, 'decol eli').map(p => p.sku)).toEqual(['SKU-B'])
    expect(searchCatalogue(catalogue, 'stivale')).toEqual([])
  })

  it('matches an exact SKU or barcode', async () => {
    const catalogue = await loadCatalogue(db)
    expect(searchCatalogue(catalogue, 'sku-a').map(p => p.sku)).toEqual(['SKU-A'])
    expect(searchCatalogue(catalogue, '8001234567890').map(p => p.sku)).toEqual(['SKU-B'])
  })

  it('shows this store\'s and the online stock, and no stock record as unknown', async () => {
    const hits = await stockFor(STORE_ID, [product('SKU-A', 'x'), product('SKU-B', 'y')], db)
    expect(hits.map(h => [h.product.sku, h.storeStock, h.onlineStock])).toEqual([['SKU-A', 3, 0], ['SKU-B', null, null]])
  })

  it('shows the other shops\' stock, most pieces first, without the warehouse or this store', async () => {
    await db.stores.bulkInsert([
      makeStore({ id: STORE_ID, name: 'Milano' }),
      makeStore({ id: 'store-roma', name: 'Roma' }),
      makeStore({ id: 'store-torino', name: 'Torino' }),
      makeStore({ id: 'store-napoli', name: 'Napoli' }),
      makeStore({ id: 'online', name: 'Online', kind: 'warehouse' }),
    ])
    await db.inventory.bulkInsert([stock('store-roma', 'SKU-A', 1), stock('store-torino', 'SKU-A', 4)])
    const [hit] = await stockFor(STORE_ID, [product('SKU-A', 'x')], db)
    expect(hit!.otherStores).toEqual([
      { storeId: 'store-torino', name: 'Torino', onHand: 4 },
      { storeId: 'store-roma', name: 'Roma', onHand: 1 },
    ])
  })
})
