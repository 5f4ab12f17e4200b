/**
 * Issue 4: a push replayed after a lost response creates no duplicate order or interaction.
 * The tablet is the app's RxDB database and replication; its fetch lets each collection's
 * first push reach the server and then throws instead of handing back the answer, as a
 * connection dropped after the server committed would. RxDB retries; the server must see a
 * replay, not new documents.
 */
import type { ClientelingDatabase } from '../../src/db/database'
import type { ClientelingReplication } from '../../src/sync/replication'
import type { TestServer } from './harness'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addItem } from '../../src/db/customer-items'
import { createDatabase } from '../../src/db/database'
import { placeOrder } from '../../src/db/orders'
import { startReplication } from '../../src/sync/replication'
import { logInteraction, startVisit } from '../../src/db/visits'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { startPlatform } from './platform'

describe.each(BACKENDS)('a push whose response is lost, on %s', (backend) => {
  let server: TestServer
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let db: ClientelingDatabase
  let replication: ClientelingReplication
  let reader: ReturnType<typeof apiClient>
  const lost = new Set<string>()
  const conflicts: unknown[] = []
  let pushes = 0

  /** Delivers every push; the first answer per collection never reaches the tablet. */
  const flakyFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const res = await fetch(input, init)
    const push = /\/api\/sync\/([a-z]+)\/push/.exec(url)
    if (push) {
      pushes++
      const body = await res.clone().json() as unknown[]
      if (Array.isArray(body))
        conflicts.push(...body)
      if (!lost.has(push[1]!)) {
        lost.add(push[1]!)
        throw new TypeError('network connection lost after the request was sent')
      }
    }
    return res
  }

  beforeAll(async () => {
    platform = await startPlatform()
    server = await startTestServer(backend, { config: { commerceWebhookUrl: platform.url, commerceOutboxIntervalMs: 20, commerceOutboxMaxBackoffMs: 200 } })
    await server.load(world())
    reader = apiClient(server.url, (await server.enroll('store-a')).token)
    const device = await server.enroll('store-a')
    db = await createDatabase({ storage: getRxStorageMemory(), name: `lost-response-${Date.now()}`, multiInstance: false })
    replication = startReplication({ db, baseUrl: server.url, token: device.token, deviceId: device.deviceId, waitForLeadership: false, retryTime: 100, fetch: flakyFetch })
    await replication.awaitInitialReplication()
  })
  afterAll(async () => {
    await replication.cancel()
    await db.close()
    await server.close()
    await new Promise(resolve => platform.server!.close(resolve))
  })

  it('writes the visit, its interactions, the order and the cart change once each', async () => {
    const lifetimeBefore = (await reader.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!.lifetimeValueMinor as number
    const visit = await startVisit({ storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' }, db)
    await logInteraction({ visit, type: 'shown', sku: 'SKU-A' }, db)
    await logInteraction({ visit, type: 'note', text: 'Cerca un regalo' }, db)
    await addItem('cart', { customerId: 'cus-alice', sku: 'SKU-STORE-LOST', size: 'M', associateId: 'assoc-a1', visit }, db)
    const order = await placeOrder({
      orderId: '01JLOSTRESPONSE00000000001',
      visit: (await db.visits.findOne(visit.id).exec())!.toJSON() as typeof visit,
      basket: [{ sku: 'SKU-B', name: 'Borsa', size: '', qty: 1, unitPriceMinor: 25_000, discountMinor: 0, discountReason: null, discountApprovedBy: null }],
      paymentMethod: 'card',
      receiptEmail: 'alice@example.com',
      receiptLanguage: 'it',
      saveEmailToProfile: false,
    }, db)

    await replication.awaitInSync()
    await expect.poll(() => ['visits', 'interactions', 'orders', 'carts'].every(c => lost.has(c)), { timeout: 10_000 }).toBe(true)
    await replication.awaitInSync()

    const ids = async (collection: string) => (await reader.pullAll(collection)).documents.map(d => d.id)
    expect((await ids('visits')).filter(id => id === visit.id)).toHaveLength(1)
    const interactions = (await reader.pullAll('interactions')).documents.filter(d => d.visitId === visit.id)
    expect(interactions.map(d => d.type).sort()).toEqual(['added_to_cart', 'note', 'purchase', 'shown'])
    expect((await ids('orders')).filter(id => id === order.id)).toHaveLength(1)
    const alice = (await reader.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    // The lifetime value is the server's sum of her orders: this sale is in it once.
    expect(alice.lifetimeValueMinor).not.toBe(lifetimeBefore)
    expect(alice.lifetimeValueMinor).toBe(order.totalMinor)
    // Every retried push was a replay: the server reported no conflict to the tablet.
    expect(conflicts).toEqual([])
    expect(pushes).toBeGreaterThan(4)

    await server.outbox!.flush()
    await new Promise(resolve => setTimeout(resolve, 200))
    await server.outbox!.flush()
    const cartEvents = platform.received.filter(r => r.event.id.startsWith('clienteling:carts:cus-alice:'))
    expect(cartEvents).toHaveLength(1)
    expect(cartEvents[0]!.event.data).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ sku: 'SKU-STORE-LOST' })]) })
  })

  it('answers the same push three times with the same empty conflict list, keeping one row', async () => {
    const [interaction] = (await reader.pullAll('interactions')).documents
    const row = { newDocumentState: interaction!, assumedMasterState: null }
    const replies = [await reader.push('interactions', [row]), await reader.push('interactions', [row]), await reader.push('interactions', [row])]
    expect(replies.map(r => [r.status, r.body])).toEqual([[200, []], [200, []], [200, []]])
    expect((await reader.pullAll('interactions')).documents.filter(d => d.id === interaction!.id)).toHaveLength(1)
  })
})
