import type { ClientelingDatabase } from '../../src/db/database'
import type { ClientelingReplication } from '../../src/sync/replication'
import type { TestServer } from './harness'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { startReplication } from '../../src/sync/replication'
import { makeItem, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (ok(value))
      return value
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

describe.each(BACKENDS)('a real RxDB database replicating with the sync-server on %s', (backend) => {
  let server: TestServer
  let db: ClientelingDatabase
  let device: { deviceId: string, token: string }
  let replication: ClientelingReplication
  const start = () => startReplication({ db, baseUrl: server.url, token: device.token, deviceId: device.deviceId, waitForLeadership: false, retryTime: 200 })

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(world())
    device = await server.enroll('store-a')
    db = await createDatabase({ storage: getRxStorageMemory(), name: `tablet${Date.now()}`, multiInstance: false })
    replication = start()
    await replication.awaitInitialReplication()
  })
  afterAll(async () => {
    await replication.cancel()
    await db.close()
    await server.close()
  })

  it('pulls the store\'s book on the first sync', async () => {
    expect((await db.customers.find().exec()).map(d => d.id)).toEqual(['cus-alice'])
    expect((await db.stores.find().exec()).length).toBe(3)
  })

  it('sends a visit inserted on the tablet to the server', async () => {
    await db.visits.insert(makeVisit({ id: 'visit-rx', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' }))
    await replication.awaitInSync()
    const onServer = await apiClient(server.url, (await server.enroll('store-a')).token).pullAll('visits')
    expect(onServer.documents.map(d => d.id)).toContain('visit-rx')
  })

  it('receives a web cart change through the live stream', async () => {
    const reply = await apiClient(server.url).commerce({ id: 'evt-rx-cart', type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-LIVE' })] } })
    expect(reply.status).toBe(202)
    const cart = await until(() => db.carts.findOne('cus-alice').exec(), c => !!c?.items.some(i => i.sku === 'SKU-LIVE'))
    expect(cart?.items.map(i => i.sku)).toContain('SKU-LIVE')
  })

  it('resolves a conflict with the shared merge, losing nothing from either side', async () => {
    await replication.cancel()
    // While this tablet is offline, another tablet of the store changes Alice's brands...
    const other = apiClient(server.url, (await server.enroll('store-a')).token)
    const master = (await other.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    const prefs = master.preferences as { brands: string[] }
    const fromOther = { ...master, preferences: { ...prefs, brands: [...prefs.brands, 'Other Tablet Brand'] } }
    expect((await other.push('customers', [{ newDocumentState: fromOther, assumedMasterState: master }])).body).toEqual([])
    // ...and this one changes her tags and phone.
    const local = (await db.customers.findOne('cus-alice').exec())!
    await local.incrementalPatch({ tags: [...local.tags, 'tablet-tag'], phone: '+39 333 000 0000', phoneKey: '3330000000' })

    replication = start()
    await replication.awaitInSync()
    const expected = { tags: expect.arrayContaining(['tablet-tag']), phone: '+39 333 000 0000', preferences: expect.objectContaining({ brands: expect.arrayContaining(['Other Tablet Brand']) }) }
    const onServer = await until(async () => (await other.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!, d => (d.tags as string[]).includes('tablet-tag'))
    expect(onServer).toMatchObject(expected)
    const onTablet = await until(async () => (await db.customers.findOne('cus-alice').exec())!.toMutableJSON(), d => d.preferences.brands.includes('Other Tablet Brand'))
    expect(onTablet).toMatchObject(expected)
  })
})
