import type { ClientelingDatabase } from '../../src/db/database'
import type { Rejection } from '../../src/models/rejection'
import type { ClientelingReplication } from '../../src/sync/replication'
import type { TestServer } from './harness'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { retryRejection } from '../../src/sync/rejections'
import { startReplication } from '../../src/sync/replication'
import { withWriter } from '../../sync-server/storage/writer'
import { makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

const strip = <T extends { _deleted?: boolean }>(doc: T) => {
  const { _deleted, ...rest } = doc
  void _deleted
  return rest
}

describe.each(BACKENDS)('changes the server refuses, on %s', (backend) => {
  let server: TestServer
  let db: ClientelingDatabase
  let replication: ClientelingReplication
  let rejections: Rejection[]
  let reader: ReturnType<typeof apiClient>

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(world())
    const device = await server.enroll('store-a')
    reader = apiClient(server.url, (await server.enroll('store-a')).token)
    db = await createDatabase({ storage: getRxStorageMemory(), name: `rejections${Date.now()}${Math.random()}`, multiInstance: false })
    replication = startReplication({
      db, baseUrl: server.url, token: device.token, deviceId: device.deviceId, waitForLeadership: false, retryTime: 100, pushBatchSize: 50,
      onRejected: r => rejections.push(r),
    })
    await replication.awaitInitialReplication()
    await db.visits.insert(strip(makeVisit({ id: 'visit-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })))
  })
  beforeEach(() => {
    rejections = []
  })
  afterAll(async () => {
    await replication.cancel()
    await db.close()
    await server.close()
  })

  const onServer = async (collection: string) => (await reader.pullAll(collection)).documents.map(d => d.id).sort()

  it('sets aside an interaction claiming another store and sends the rest of the batch', async () => {
    await db.interactions.bulkInsert([
      strip(makeInteraction({ id: 'int-good-1', visitId: 'visit-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })),
      strip(makeInteraction({ id: 'int-other-store', visitId: 'visit-a', storeId: 'store-b', associateId: 'assoc-b1', customerId: 'cus-alice' })),
      strip(makeInteraction({ id: 'int-good-2', visitId: 'visit-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })),
    ])
    await replication.awaitInSync()
    expect(await onServer('interactions')).toEqual(['int-good-1', 'int-good-2'])
    expect(rejections).toEqual([expect.objectContaining({ collection: 'interactions', id: 'int-other-store', code: 'forbidden-store' })])
    // Nothing is dropped: the refused document is still on the tablet.
    expect(await db.interactions.findOne('int-other-store').exec()).not.toBeNull()
    // And the collection is not blocked behind it.
    await db.interactions.insert(strip(makeInteraction({ id: 'int-later', visitId: 'visit-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })))
    await replication.awaitInSync()
    expect(await onServer('interactions')).toContain('int-later')
    expect(rejections).toHaveLength(1)
  })

  it('sets aside an edit of a placed order, and the server keeps the order as placed', async () => {
    const order = strip(makeOrder({ id: 'ord-store-1', channel: 'store', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', visitId: 'visit-a' }))
    await db.orders.insert(order)
    await replication.awaitInSync()
    const doc = (await db.orders.findOne('ord-store-1').exec())!
    await doc.incrementalPatch({ paymentMethod: order.paymentMethod === 'cash' ? 'card' : 'cash' })
    await replication.awaitInSync()
    expect(rejections).toEqual([expect.objectContaining({ collection: 'orders', id: 'ord-store-1', code: 'immutable-field' })])
    const master = (await reader.pullAll('orders')).documents.find(d => d.id === 'ord-store-1')!
    expect(master.paymentMethod).toBe(order.paymentMethod)
  })

  it('sends a refused change again once the server would accept it', async () => {
    // The associate was deactivated at head office while the tablet was serving.
    await withWriter(server.db, w => w.write('associates', [{ ...makeAssociate(), active: false, updatedAt: new Date().toISOString() }]))
    await db.interactions.insert(strip(makeInteraction({ id: 'int-retry', visitId: 'visit-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })))
    await replication.awaitInSync()
    expect(rejections.map(r => [r.id, r.code])).toContainEqual(['int-retry', 'forbidden'])
    expect(await onServer('interactions')).not.toContain('int-retry')

    await withWriter(server.db, w => w.write('associates', [{ ...makeAssociate(), active: true, updatedAt: new Date().toISOString() }]))
    rejections = []
    await retryRejection(db, { collection: 'interactions', id: 'int-retry' })
    await replication.awaitInSync()
    expect(rejections).toEqual([])
    expect(await onServer('interactions')).toContain('int-retry')
  })
})
