import type { ClientelingDatabase } from '../../src/db/types'
import type { ProductDoc } from '../../src/shared/types'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { firstValueFrom, of } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { watchCustomerProfile } from '../../src/db/profile'
import { useSyncStore } from '../../src/stores/sync'
import { useCustomerStore } from '../../src/stores/customer'
import { useRecentStore } from '../../src/stores/recent'
import { linkVisitCustomer, logInteraction, startVisit } from '../../src/db/visits'
import { CUSTOMER_ID, makeCart, makeCustomer, makeInteraction, makeItem, makeOrder, makeVisit, STORE_ID, T0 } from '../fixtures/docs'
import { makeAssociate, makeStore } from '../fixtures/world'

const product = (sku: string, name: string, priceMinor = 10_000): ProductDoc => ({
  id: sku, updatedAt: T0, sku, name, brand: 'Passo Lieve', category: 'shoes', priceMinor, currency: 'EUR',
  sizes: ['38'], colours: ['Nero'], barcodes: [], imageUrl: `/products/${sku}.svg`, url: `https://shop.example/p/${sku}`,
})

let db: ClientelingDatabase
let counter = 0

async function seed() {
  await db.stores.bulkInsert([makeStore({ id: STORE_ID, name: 'Milano Duomo' }), makeStore({ id: 'store-roma-condotti', name: 'Roma Condotti' })])
  await db.associates.insert(makeAssociate({ id: 'assoc-giulia', storeId: STORE_ID, displayName: 'Giulia Bianchi' }))
  await db.products.bulkInsert([product('SKU-A', 'Mocassino Capri'), product('SKU-B', 'Borsa a spalla', 25_000), product('SKU-C', 'Foulard in seta')])
  await db.customers.insert(makeCustomer())
  await db.customers.insert(makeCustomer({ id: 'cus-other', firstName: 'Luca', lastName: 'Verdi' }))
  await db.carts.insert(makeCart({ items: [
    makeItem({ sku: 'SKU-A', size: '38', addedAt: '2025-03-01T10:00:00.000Z' }),
    makeItem({ sku: 'SKU-B', size: '', qty: 2, addedAt: '2025-03-02T10:00:00.000Z', channel: 'store', addedBy: 'assoc-giulia' }),
  ] }))
  await db.wishlists.insert(makeCart({ items: [makeItem({ sku: 'SKU-C', size: '' })] }))
  await db.orders.bulkInsert([
    makeOrder({ id: 'ord-store-old', placedAt: '2024-12-01T10:00:00.000Z' }),
    makeOrder({ id: 'ord-web', channel: 'web', storeId: null, associateId: null, placedAt: '2025-02-01T10:00:00.000Z', paymentMethod: 'online' }),
    makeOrder({ id: 'ord-roma', storeId: 'store-roma-condotti', associateId: 'assoc-roma', placedAt: '2025-01-01T10:00:00.000Z' }),
    makeOrder({ id: 'ord-someone-else', customerId: 'cus-other', placedAt: '2025-02-15T10:00:00.000Z' }),
  ])
  await db.visits.insert(makeVisit({ customerId: CUSTOMER_ID, outcome: 'purchase', endedAt: '2025-03-01T11:00:00.000Z' }))
  await db.interactions.bulkInsert([
    makeInteraction({ id: 'int-2', type: 'note', sku: null, size: null, text: 'Cerca un regalo', at: '2025-03-01T10:20:00.000Z' }),
    makeInteraction({ id: 'int-1', type: 'tried_on', sku: 'SKU-A', at: '2025-03-01T10:05:00.000Z' }),
  ])
}

beforeEach(async () => {
  setActivePinia(createPinia())
  // A tablet whose first download is done: a customer not here is not in the store's book.
  useSyncStore().$patch({ initialDone: true })
  db = await createDatabase({ storage: getRxStorageMemory(), name: `customer-${process.pid}-${counter++}`, multiInstance: false })
  useDatabase(db)
  await seed()
})

afterEach(async () => {
  useCustomerStore().close()
  useDatabase(null)
  await db.remove()
})

describe('the composed customer profile', () => {
  it('holds the customer’s cart and wishlist with product names, newest added first, and the cart total', async () => {
    const profile = await firstValueFrom(watchCustomerProfile(db, CUSTOMER_ID))
    expect(profile?.customer.firstName).toBe('Maria')
    expect(profile?.cart.map(i => [i.sku, i.product?.name, i.addedByName])).toEqual([
      ['SKU-B', 'Borsa a spalla', 'Giulia Bianchi'],
      ['SKU-A', 'Mocassino Capri', null],
    ])
    expect(profile?.cartTotal).toEqual({ totalMinor: 2 * 25_000 + 10_000, currency: 'EUR', unpriced: 0 })
    expect(profile?.wishlist.map(i => i.product?.name)).toEqual(['Foulard in seta'])
  })

  it('shows a walk-in visit, its sale and its interactions once the visit is linked to the customer', async () => {
    const walkIn = await startVisit({ storeId: STORE_ID, associateId: 'assoc-giulia', customerId: null }, db)
    await logInteraction({ visit: walkIn, type: 'shown', sku: 'SKU-C' }, db)
    await db.orders.insert(makeOrder({ id: 'ord-walk-in', customerId: null, visitId: walkIn.id, placedAt: '2025-04-01T10:00:00.000Z' }))
    const before = await firstValueFrom(watchCustomerProfile(db, CUSTOMER_ID))
    expect(before?.orders.map(o => o.id)).not.toContain('ord-walk-in')
    await linkVisitCustomer(walkIn.id, CUSTOMER_ID, db)
    const after = await firstValueFrom(watchCustomerProfile(db, CUSTOMER_ID))
    expect(after?.orders.map(o => o.id)).toContain('ord-walk-in')
    expect(after?.visits.find(v => v.id === walkIn.id)?.interactions.map(i => i.sku)).toEqual(['SKU-C'])
    await expect(linkVisitCustomer(walkIn.id, 'cus-other', db)).rejects.toThrow(/already linked/)
  })

  it('lists only this customer’s orders from every channel, newest first, with store names', async () => {
    const profile = await firstValueFrom(watchCustomerProfile(db, CUSTOMER_ID))
    expect(profile?.orders.map(o => o.id)).toEqual(['ord-web', 'ord-roma', 'ord-store-old'])
    expect(profile?.orders.map(o => o.storeName)).toEqual([null, 'Roma Condotti', 'Milano Duomo'])
    // Roma's associates aren't on a Milano tablet: no name rather than a raw id.
    expect(profile?.orders.map(o => o.associateName)).toEqual([null, null, 'Giulia Bianchi'])
    expect(profile?.homeStoreName).toBe('Milano Duomo')
  })

  it('groups the interactions under their visit in the order they happened', async () => {
    const profile = await firstValueFrom(watchCustomerProfile(db, CUSTOMER_ID))
    expect(profile?.visits).toHaveLength(1)
    expect(profile?.visits[0]?.interactions.map(i => [i.type, i.product?.name ?? i.text])).toEqual([
      ['tried_on', 'Mocassino Capri'],
      ['note', 'Cerca un regalo'],
    ])
  })

  it('adds the history the server sent for this profile, the tablet\'s own copy of a document winning', async () => {
    const fromServer = {
      orders: [makeOrder({ id: 'ord-2019', placedAt: '2019-03-01T10:00:00.000Z' }), makeOrder({ id: 'ord-web', channel: 'web', storeId: null, associateId: null, placedAt: '2025-02-01T10:00:00.000Z', totalMinor: 1 })],
      visits: [],
      interactions: [],
    }
    const profile = (await firstValueFrom(watchCustomerProfile(db, CUSTOMER_ID, of(fromServer))))!
    expect(profile.orders.map(o => o.id)).toEqual(['ord-web', 'ord-roma', 'ord-store-old', 'ord-2019'])
    expect(profile.orders.find(o => o.id === 'ord-web')!.totalMinor).not.toBe(1)
  })

  it('is null for a customer this tablet does not hold', async () => {
    expect(await firstValueFrom(watchCustomerProfile(db, 'cus-nobody'))).toBeNull()
  })
})

describe('the customer store', () => {
  it('shows a cart change written to the local database while the profile is open, without reopening', async () => {
    const store = useCustomerStore()
    await store.open(CUSTOMER_ID)
    await vi.waitFor(() => expect(store.status).toBe('ready'))
    expect(store.cart.map(i => i.sku)).toEqual(['SKU-B', 'SKU-A'])

    // What replication does when a cart.updated event from the web arrives.
    const cart = await db.carts.findOne(CUSTOMER_ID).exec()
    await cart!.incrementalPatch({ items: [...cart!.items, makeItem({ sku: 'SKU-C', size: '', addedAt: '2025-03-05T09:00:00.000Z' })] })

    await vi.waitFor(() => expect(store.cart.map(i => i.sku)).toEqual(['SKU-C', 'SKU-B', 'SKU-A']))
    expect(store.cart[0]?.product?.name).toBe('Foulard in seta')
    expect(store.cartTotal?.totalMinor).toBe(2 * 25_000 + 2 * 10_000)
  })

  it('says not-found for an unknown customer, and erased when an open customer is erased', async () => {
    const store = useCustomerStore()
    await store.open('cus-nobody')
    await vi.waitFor(() => expect(store.status).toBe('not-found'))
    expect(useRecentStore().ids).not.toContain('cus-nobody')

    await store.open(CUSTOMER_ID)
    await vi.waitFor(() => expect(store.status).toBe('ready'))
    await (await db.customers.findOne(CUSTOMER_ID).exec())!.remove()
    await vi.waitFor(() => expect(store.status).toBe('erased'))
    expect(store.profile).toBeNull()
  })

  it('puts an opened customer at the top of the recent customers', async () => {
    const store = useCustomerStore()
    await store.open('cus-other')
    await vi.waitFor(() => expect(store.status).toBe('ready'))
    await store.open(CUSTOMER_ID)
    await vi.waitFor(() => expect(store.status).toBe('ready'))
    expect(useRecentStore().ids.slice(0, 2)).toEqual([CUSTOMER_ID, 'cus-other'])
  })

  it('stops following the previous customer when another one is opened', async () => {
    const store = useCustomerStore()
    await store.open(CUSTOMER_ID)
    await store.open('cus-other')
    await vi.waitFor(() => expect(store.fullName).toBe('Luca Verdi'))
    await (await db.customers.findOne(CUSTOMER_ID).exec())!.incrementalPatch({ firstName: 'Mariella' })
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(store.fullName).toBe('Luca Verdi')
    expect(store.orders.map(o => o.id)).toEqual(['ord-someone-else'])
  })
})
