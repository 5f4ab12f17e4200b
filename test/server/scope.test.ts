import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCart, makeCustomer, makeInteraction, makeVisit } from '../fixtures/docs'
import { hashPin } from '../../sync-server/auth/pin'
import { makeAssociate, world } from '../fixtures/world'
import type { DocIn } from './client'
import { apiClient } from './client'
import { lastChange } from './dump'
import { BACKENDS, startTestServer } from './harness'

const BOOK = ['customers', 'carts', 'wishlists', 'orders'] as const

describe.each(BACKENDS)('store scope on %s', (backend) => {
  let server: TestServer
  let storeA: ReturnType<typeof apiClient>
  let storeB: ReturnType<typeof apiClient>
  /** the same tablets with their associate signed in on the server */
  let giulia: ReturnType<typeof apiClient>
  let marco: ReturnType<typeof apiClient>
  const w = world()
  const carla = makeCustomer({ id: 'cus-carla', firstName: 'Carla', lastName: 'Bruni', email: 'carla@example.com', phone: '+39 347 000 1111', homeStoreId: 'store-b' })

  beforeAll(async () => {
    server = await startTestServer(backend)
    const pin = await hashPin('1357', { iterations: 1000 })
    await server.load({ ...w, associates: w.associates.map(a => makeAssociate({ ...a, pin })), customers: [...w.customers, carla], carts: [...w.carts, makeCart({ id: carla.id, customerId: carla.id })] })
    storeA = apiClient(server.url, (await server.enroll('store-a')).token)
    storeB = apiClient(server.url, (await server.enroll('store-b')).token)
    giulia = await storeA.signIn('assoc-a1', '1357')
    marco = await storeB.signIn('assoc-b1', '1357')
  })
  afterAll(() => server.close())

  const ids = async (client: ReturnType<typeof apiClient>, collection: string) => (await client.pullAll(collection)).documents.map(d => d.id)

  it('gives a tablet its own store\'s customers and associates, and none of another store\'s', async () => {
    expect(await ids(storeA, 'customers')).toEqual(['cus-alice'])
    expect(await ids(storeA, 'carts')).toEqual(['cus-alice'])
    expect(await ids(storeA, 'orders')).toEqual([])
    expect(await ids(storeA, 'associates')).toEqual(['assoc-a1'])
    expect((await ids(storeB, 'customers')).sort()).toEqual(['cus-bruno', 'cus-carla'])
    expect(await ids(storeB, 'orders')).toEqual(['ord-web-bruno'])
    expect((await ids(storeA, 'stores')).sort()).toEqual(['online', 'store-a', 'store-b'])
  })

  it('gives every tablet the stock of every shop and of the online warehouse', async () => {
    const expected = w.inventory.map(i => i.id).sort()
    expect(new Set(w.inventory.map(i => i.storeId))).toEqual(new Set(['store-a', 'store-b', 'online']))
    expect((await ids(storeA, 'inventory')).sort()).toEqual(expected)
    expect((await ids(storeB, 'inventory')).sort()).toEqual(expected)
  })

  it('refuses a visit for another store\'s customer who was not pinned here, and brings them with cart, wishlist and orders once pinned', async () => {
    const visit = makeVisit({ id: 'visit-bruno', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-bruno' })
    const before = Object.fromEntries(await Promise.all(BOOK.map(async c => [c, (await storeA.pullAll(c)).checkpoint] as const)))
    const refused = await storeA.push('visits', [{ newDocumentState: { ...visit, _deleted: false } as DocIn, assumedMasterState: null }])
    expect([refused.status, (refused.body as unknown as { error: { code: string } }).error.code]).toEqual([403, 'out-of-scope'])
    expect((await giulia.request('POST', '/api/customers/search', { q: 'bruno verdi' })).status).toBe(200)
    expect((await giulia.request('POST', '/api/customers/cus-bruno/pin', { reason: 'visiting' })).status).toBe(200)
    await storeA.create('visits', [visit])
    const after = Object.fromEntries(await Promise.all(BOOK.map(async c => [c, (await storeA.pullAll(c, before[c])).documents.map(d => d.id)] as const)))
    expect(after).toEqual({ customers: ['cus-bruno'], carts: ['cus-bruno'], wishlists: ['cus-bruno'], orders: ['ord-web-bruno'] })
  })

  it('brings a pinned customer with all their documents, and never one that was not pinned', async () => {
    const { checkpoint } = await storeA.pullAll('carts')
    expect(await ids(storeA, 'customers')).not.toContain('cus-carla')
    expect((await giulia.request('POST', '/api/customers/search', { q: '+39 347 000 1111' })).status).toBe(200)
    const pin = await giulia.request<{ pinned: boolean }>('POST', '/api/customers/cus-carla/pin', { reason: 'customer-request' })
    expect(pin.status).toBe(200)
    expect((await storeA.pullAll('carts', checkpoint)).documents.map(d => d.id)).toEqual(['cus-carla'])
    expect(await ids(storeA, 'customers')).toContain('cus-carla')
  })

  it('finds customers of every store online, with masked contacts, and says whether they are in the book', async () => {
    const hits = await marco.request<{ customers: Array<Record<string, unknown>> }>('POST', '/api/customers/search', { q: 'ross ali' })
    expect(hits.body.customers).toEqual([expect.objectContaining({ id: 'cus-alice', email: 'a•••@example.com', inBook: false })])
    const byPhone = await marco.request<{ customers: Array<{ id: string, inBook: boolean }> }>('POST', '/api/customers/search', { q: '3470001111' })
    expect(byPhone.body.customers.map(c => [c.id, c.inBook])).toEqual([['cus-carla', true]])
    expect((await marco.request('POST', '/api/customers/search', { q: 'a' })).status).toBe(400)
    // A phone number or an e-mail never travels in a URL.
    expect((await marco.request('GET', '/api/customers/search?q=3470001111')).status).toBe(404)
  })

  it('keeps a walk-in visit of one store away from the other store\'s tablets', async () => {
    await storeA.create('visits', [makeVisit({ id: 'visit-walkin', storeId: 'store-a', associateId: 'assoc-a1', customerId: null })])
    expect(await ids(storeA, 'visits')).toContain('visit-walkin')
    expect(await ids(storeB, 'visits')).not.toContain('visit-walkin')
    expect(await ids(storeB, 'visits')).toContain('visit-bruno')
  })

  it('keeps an associate of store A from pulling store B\'s customers\' visits, or writing into them', async () => {
    // Dora is store B's customer and was never served or pinned in store A (Bruno and Carla
    // were: their history follows them there, as clienteling wants).
    await server.load({ customers: [makeCustomer({ id: 'cus-dora', firstName: 'Dora', email: 'dora@example.com', phone: '+39 347 000 2222', loyaltyId: null, homeStoreId: 'store-b' })] })
    const visitB = makeVisit({ id: 'visit-dora-b', storeId: 'store-b', associateId: 'assoc-b1', customerId: 'cus-dora', outcome: 'no_purchase' })
    await storeB.create('visits', [visitB])
    expect(await ids(storeB, 'visits')).toContain(visitB.id)
    expect(await ids(storeA, 'visits')).not.toContain(visitB.id)
    expect(await ids(storeA, 'interactions')).toEqual([])

    const before = await lastChange(server.db)
    const taken = makeVisit({ ...visitB, associateId: 'assoc-a1', outcome: 'purchase' })
    const edit = await storeA.push('visits', [{ newDocumentState: taken, assumedMasterState: visitB }])
    expect([edit.status, (edit.body as unknown as { error: { code: string } }).error.code]).toEqual([403, 'forbidden-store'])
    const note = makeInteraction({ id: 'int-into-b', visitId: visitB.id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-dora', type: 'note', sku: null, size: null, text: 'scritto da A' })
    const into = await storeA.push('interactions', [{ newDocumentState: note, assumedMasterState: null }])
    expect([into.status, (into.body as unknown as { error: { code: string } }).error.code]).toEqual([403, 'forbidden-store'])
    expect(await lastChange(server.db)).toEqual(before)
  })
})
