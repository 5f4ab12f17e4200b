import type { ClientelingDatabase } from '../../src/db/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addItem, CONSENT_IN_STORE, removeItem } from '../../src/db/customer-items'
import { createDatabase } from '../../src/db/database'
import { startVisit } from '../../src/db/visits'
import { ASSOCIATE_ID, CUSTOMER_ID, makeCart, makeItem, STORE_ID } from '../fixtures/docs'

let db: ClientelingDatabase
let counter = 0
const add = (kind: 'cart' | 'wishlist', sku: string, size = '38', visit: Parameters<typeof addItem>[1]['visit'] = null) =>
  addItem(kind, { customerId: CUSTOMER_ID, sku, size, associateId: ASSOCIATE_ID, visit }, db)
const items = async (kind: 'carts' | 'wishlists') => (await db[kind].findOne(CUSTOMER_ID).exec())?.toJSON().items ?? null

beforeEach(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `items-db-${process.pid}-${counter++}`, multiInstance: false })
})
afterEach(async () => {
  await db.remove()
})

describe('the customer\'s online cart and wishlist, changed in store', () => {
  it('adds to an existing web cart, attributed to the associate, keeping the web items', async () => {
    const { _deleted, ...cart } = makeCart({ items: [makeItem({ sku: 'WEB-1', channel: 'web', addedBy: 'customer' })] })
    void _deleted
    await db.carts.insert(cart)
    await add('cart', 'SKU-A')
    const list = await items('carts')
    expect(list).toHaveLength(2)
    expect(list![0]).toMatchObject({ sku: 'WEB-1', channel: 'web' })
    expect(list![1]).toMatchObject({ sku: 'SKU-A', size: '38', qty: 1, channel: 'store', addedBy: ASSOCIATE_ID })
  })

  it('creates the cart of a customer who has none yet', async () => {
    await add('cart', 'SKU-A', '')
    expect(await items('carts')).toEqual([expect.objectContaining({ sku: 'SKU-A', size: '', qty: 1 })])
  })

  it('counts a second piece in the cart but keeps one entry in the wishlist', async () => {
    await add('cart', 'SKU-A')
    await add('cart', 'SKU-A')
    await add('wishlist', 'SKU-A')
    await add('wishlist', 'SKU-A')
    expect((await items('carts'))!.map(i => i.qty)).toEqual([2])
    expect((await items('wishlists'))!.map(i => i.qty)).toEqual([1])
  })

  it('logs the addition on the open visit of that customer, recording the customer\'s consent', async () => {
    const visit = await startVisit({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID }, db)
    await add('wishlist', 'SKU-B', 'M', visit)
    const logged = (await db.interactions.find().exec()).map(d => d.toJSON())
    expect(logged).toEqual([expect.objectContaining({ type: 'added_to_wishlist', sku: 'SKU-B', size: 'M', text: CONSENT_IN_STORE, visitId: visit.id })])
  })

  it('does not log on a visit of another customer', async () => {
    const visit = await startVisit({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: 'someone-else' }, db)
    await add('cart', 'SKU-B', 'M', visit)
    expect(await db.interactions.count().exec()).toBe(0)
  })

  it('removes exactly the item with that sku and size', async () => {
    await add('cart', 'SKU-A', '38')
    await add('cart', 'SKU-A', '39')
    await removeItem('cart', CUSTOMER_ID, { sku: 'SKU-A', size: '38' }, db)
    expect((await items('carts'))!.map(i => i.size)).toEqual(['39'])
  })

  it('removing from a list that does not exist creates nothing', async () => {
    await removeItem('wishlist', CUSTOMER_ID, { sku: 'SKU-A', size: '38' }, db)
    expect(await items('wishlists')).toBeNull()
  })
})
