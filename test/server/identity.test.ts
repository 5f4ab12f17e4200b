/**
 * Identity resolution on the real server: the same person registered twice (two tablets,
 * or a tablet and the web shop) ends as one profile holding everything, whatever order the
 * documents arrive in; replays change nothing; look-alikes wait for a manager.
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCart, makeCustomer, makeItem, makeOrder, makeVisit, tabletCustomerId } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { lastChange } from './dump'
import { BACKENDS, startTestServer } from './harness'

const CARLA_A = tabletCustomerId('carla-a')
const CARLA_B = tabletCustomerId('carla-b')
const DARIO_STORE = tabletCustomerId('dario-store')
const ELENA_1 = tabletCustomerId('elena-1')
const ELENA_2 = tabletCustomerId('elena-2')

const registration = (id: string, createdAt: string, overrides: Parameters<typeof makeCustomer>[0] = {}) => makeCustomer({
  id,
  firstName: 'Carla',
  lastName: 'Neri',
  email: 'carla.neri@example.com',
  phone: null,
  loyaltyId: null,
  tier: 'member',
  tags: [],
  consents: {},
  lifetimeValueMinor: 0,
  createdAt,
  updatedAt: createdAt,
  ...overrides,
})

describe.each(BACKENDS)('identity resolution on %s', (backend) => {
  let server: TestServer
  let storeA: ReturnType<typeof apiClient>
  let storeB: ReturnType<typeof apiClient>
  let web: ReturnType<typeof apiClient>

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(world())
    storeA = apiClient(server.url, (await server.enroll('store-a')).token)
    storeB = apiClient(server.url, (await server.enroll('store-b')).token)
    web = apiClient(server.url)
  })
  afterAll(() => server.close())

  const docsOf = async (tablet: typeof storeA, collection: string) => (await tablet.pullAll(collection)).documents
  const live = <T extends Record<string, unknown>>(docs: T[]) => docs.filter(d => d._deleted !== true)
  const headSeq = () => lastChange(server.db)

  it('makes one customer of two offline registrations with the same e-mail, holding both visits and both sales', async () => {
    const older = registration(CARLA_A, '2026-11-20T10:00:00.000Z', { homeStoreId: 'store-a', tags: ['vip'] })
    const newer = registration(CARLA_B, '2026-11-20T10:05:00.000Z', { homeStoreId: 'store-b', email: 'Carla.Neri@Example.com ', phone: '+39 340 555 0101' })
    const visitA = makeVisit({ id: 'visit-carla-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: older.id, outcome: 'purchase', orderId: 'ord-carla-a' })
    const visitB = makeVisit({ id: 'visit-carla-b', storeId: 'store-b', associateId: 'assoc-b1', customerId: newer.id, outcome: 'purchase', orderId: 'ord-carla-b' })
    const saleA = makeOrder({ id: 'ord-carla-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: older.id, visitId: visitA.id })
    const saleB = makeOrder({ id: 'ord-carla-b', storeId: 'store-b', associateId: 'assoc-b1', customerId: newer.id, visitId: visitB.id })
    // Store B syncs first, and its visit and sale arrive before the profile.
    await storeB.create('visits', [visitB])
    await storeB.create('orders', [saleB])
    await storeB.create('customers', [newer])
    await storeA.create('customers', [older])
    await storeA.create('visits', [visitA])
    await storeA.create('orders', [saleA])

    // Tablet B held the merged-away profile: it gets the tombstone naming the survivor.
    expect((await docsOf(storeB, 'customers')).find(c => c.id === newer.id)).toMatchObject({ _deleted: true, mergedInto: older.id, email: null, firstName: '' })
    for (const tablet of [storeA, storeB]) {
      const customers = await docsOf(tablet, 'customers')
      const carla = live(customers).filter(c => c.email !== null && String(c.email).toLowerCase().includes('carla'))
      expect(carla.map(c => c.id)).toEqual([older.id])
      expect(carla[0]).toMatchObject({ phone: '+39 340 555 0101', tags: ['vip'], lifetimeValueMinor: saleA.totalMinor + saleB.totalMinor })
      const visits = live(await docsOf(tablet, 'visits')).filter(v => v.id.startsWith('visit-carla'))
      expect(visits.map(v => v.customerId)).toEqual([older.id, older.id])
      const orders = live(await docsOf(tablet, 'orders')).filter(o => o.id.startsWith('ord-carla'))
      expect(orders.map(o => o.customerId)).toEqual([older.id, older.id])
    }
    const pointing = await server.db.query(`SELECT collection, id FROM docs WHERE NOT deleted AND (customer_id = $1 OR data->>'customerId' = $1)`, [newer.id])
    expect(pointing.rows).toEqual([])
    const merges = await server.db.query<{ survivor_id: string, merged_id: string, reason: string, decided_by: string }>('SELECT survivor_id, merged_id, reason, decided_by FROM identity_merges')
    expect(merges.rows).toEqual([{ survivor_id: older.id, merged_id: newer.id, reason: 'email', decided_by: 'server' }])
    const told = await server.db.query<{ payload: { data: Record<string, unknown> } }>(`SELECT payload FROM commerce_outbox WHERE event_type = 'customer.merged'`)
    expect(told.rows.map(r => r.payload.data)).toMatchObject([{ survivorId: older.id, mergedId: newer.id, reason: 'email' }])
  })

  it('changes nothing when the registration, the sale or the merge is replayed', async () => {
    const before = await headSeq()
    const tombstone = (await docsOf(storeB, 'customers')).find(c => c.id === CARLA_B)!
    const replay = await storeB.push('customers', [{ newDocumentState: registration(CARLA_B, '2026-11-20T10:05:00.000Z', { homeStoreId: 'store-b', email: 'Carla.Neri@Example.com ', phone: '+39 340 555 0101' }), assumedMasterState: null }])
    expect(replay.body).toEqual([tombstone])
    const sale = makeOrder({ id: 'ord-carla-b', storeId: 'store-b', associateId: 'assoc-b1', customerId: CARLA_B, visitId: 'visit-carla-b' })
    expect((await storeB.push('orders', [{ newDocumentState: sale, assumedMasterState: null }])).body).toEqual([])
    expect(await headSeq()).toBe(before)
    expect((await server.db.query('SELECT 1 FROM identity_merges')).rows).toHaveLength(1)
  })

  it('merges a store registration with the web profile that has the same phone written differently, bringing the web cart and keeping the e-mail given in store', async () => {
    const webProfile = { id: 'web-dario', firstName: 'Dario', lastName: 'Galli', email: 'dario@example.net', phone: '3331234599', createdAt: '2025-05-01T08:00:00.000Z' }
    expect((await web.commerce({ id: 'evt-dario-1', type: 'customer.upserted', occurredAt: '2026-11-01T08:00:00.000Z', data: webProfile })).status).toBe(202)
    const webItem = makeItem({ sku: 'SKU-A', size: 'M', channel: 'web', addedBy: 'web' })
    await web.commerce({ id: 'evt-dario-cart', type: 'cart.updated', occurredAt: '2026-11-02T08:00:00.000Z', data: { customerId: webProfile.id, items: [webItem] } })
    const inStore = registration(DARIO_STORE, '2026-11-21T15:00:00.000Z', { firstName: 'Dario', lastName: 'Galli', email: 'dario.galli@work.example', phone: '+39 333 123 4599', homeStoreId: 'store-a' })
    await storeA.create('customers', [inStore])

    const customers = await docsOf(storeA, 'customers')
    expect(customers.find(c => c.id === inStore.id)).toMatchObject({ _deleted: true, mergedInto: webProfile.id })
    expect(customers.find(c => c.id === webProfile.id)).toMatchObject({ _deleted: false, email: 'dario@example.net', phone: '3331234599', homeStoreId: 'store-a' })
    // The address the associate typed is not the web's: kept beside it, not dropped. The phone is the same one.
    expect(customers.find(c => c.id === webProfile.id)?.otherContacts).toEqual([{ kind: 'email', value: 'dario.galli@work.example', fromCustomerId: inStore.id, addedAt: expect.any(String) }])
    const carts = await docsOf(storeA, 'carts')
    expect(carts.find(c => c.id === webProfile.id)?.items).toEqual([webItem])
    const merges = await server.db.query<{ reason: string, trigger: string }>('SELECT reason, trigger FROM identity_merges WHERE merged_id = $1', [inStore.id])
    expect(merges.rows).toEqual([{ reason: 'phone', trigger: 'push:store-a' }])

    // Replays of both sides of this merge change nothing.
    const before = await headSeq()
    const replayed = await web.commerce({ id: 'evt-dario-1', type: 'customer.upserted', occurredAt: '2026-11-01T08:00:00.000Z', data: webProfile })
    expect(replayed.body.outcome).toBe('duplicate')
    const again = await storeA.push('customers', [{ newDocumentState: inStore, assumedMasterState: null }])
    expect(again.body).toMatchObject([{ id: inStore.id, _deleted: true }])
    expect(await headSeq()).toBe(before)
  })

  it('applies a late edit, cart change and visit for the merged-away id to the survivor', async () => {
    const tombstone = (await docsOf(storeB, 'customers')).find(c => c.id === CARLA_B)!
    // What tablet B still believes, from before the merge: it adds a tag offline.
    const believed = registration(CARLA_B, '2026-11-20T10:05:00.000Z', { homeStoreId: 'store-b', email: 'Carla.Neri@Example.com ', phone: '+39 340 555 0101' })
    const edited = { ...believed, tags: ['prefers-linen'], updatedAt: '2026-11-22T09:00:00.000Z' }
    const reply = await storeB.push('customers', [{ newDocumentState: edited, assumedMasterState: believed }])
    expect(reply.body).toEqual([tombstone])
    const item = makeItem({ sku: 'SKU-A', size: 'S', channel: 'store', addedBy: 'assoc-b1' })
    const cart = await storeB.push('carts', [{ newDocumentState: makeCart({ id: CARLA_B, customerId: CARLA_B, items: [item], updatedAt: '2026-11-22T09:01:00.000Z' }), assumedMasterState: null }])
    expect(cart.body).toMatchObject([{ id: CARLA_B, _deleted: true, items: [] }])
    const visit = makeVisit({ id: 'visit-carla-late', storeId: 'store-b', associateId: 'assoc-b1', customerId: CARLA_B })
    await storeB.create('visits', [visit])

    const carla = (await docsOf(storeB, 'customers')).find(c => c.id === CARLA_A)!
    expect(carla.tags).toEqual(expect.arrayContaining(['vip', 'prefers-linen']))
    expect((await docsOf(storeB, 'carts')).find(c => c.id === CARLA_A)?.items).toEqual([item])
    expect((await docsOf(storeB, 'visits')).find(v => v.id === visit.id)?.customerId).toBe(CARLA_A)
  })

  it('sends the platform\'s later news about a merged-away profile to the survivor', async () => {
    const item = makeItem({ sku: 'SKU-A', size: 'L', channel: 'web', addedBy: 'web' })
    await web.commerce({ id: 'evt-carla-b-cart', type: 'cart.updated', occurredAt: '2026-11-22T10:00:00.000Z', data: { customerId: CARLA_B, items: [item] } })
    const carts = await docsOf(storeB, 'carts')
    expect(carts.find(c => c.id === CARLA_A)?.items).toContainEqual(item)
    expect(carts.find(c => c.id === CARLA_B)).toMatchObject({ _deleted: true, items: [] })
  })

  it('does not merge two people with the same name and different contacts, and lists them for review', async () => {
    const first = registration(ELENA_1, '2026-11-01T10:00:00.000Z', { firstName: 'Elena', lastName: 'Conti', email: 'elena.conti@example.com', homeStoreId: 'store-a' })
    const second = registration(ELENA_2, '2026-11-21T10:00:00.000Z', { firstName: 'Elena', lastName: 'Conti', email: 'e.conti@example.org', homeStoreId: 'store-a' })
    await storeA.create('customers', [first])
    await storeA.create('customers', [second])
    const elenas = live(await docsOf(storeA, 'customers')).filter(c => c.lastName === 'Conti')
    expect(elenas.map(c => c.id).sort()).toEqual([first.id, second.id])
    const reviews = await server.db.query<{ customer_a: string, customer_b: string, status: string }>('SELECT customer_a, customer_b, status FROM identity_reviews')
    expect(reviews.rows).toEqual([{ customer_a: first.id, customer_b: second.id, status: 'open' }])
  })
})
