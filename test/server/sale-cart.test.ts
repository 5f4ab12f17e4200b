/**
 * Items bought in store leave the customer's online cart on the server, and the platform is
 * told once — even when the tablet's own cart change never arrives.
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCart, makeItem, makeOrder } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { startPlatform, until } from './platform'

describe.each(BACKENDS)('a store sale and the customer\'s online cart, on %s', (backend) => {
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const w = world()
  const webCart = makeCart({ id: 'cus-alice', customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-SHOES', size: '39', qty: 1 }), makeItem({ sku: 'SKU-BAG', size: '', qty: 1 })] })
  const line = { sku: 'SKU-SHOES', name: 'Scarpe', size: '39', qty: 1, unitPriceMinor: 18_000, discountMinor: 0, discountReason: null, totalMinor: 18_000 }
  const sale = makeOrder({ id: 'ord-sale-1', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', lines: [line] })
  const cartEvents = () => platform.received.filter(r => r.event.id.startsWith('clienteling:carts:cus-alice:'))
  const settle = async () => {
    await server.outbox!.flush()
    await new Promise(resolve => setTimeout(resolve, 100))
    await server.outbox!.flush()
  }
  const cart = async () => (await tablet.pullAll('carts')).documents.find(d => d.id === 'cus-alice') as unknown as { items: { sku: string }[] }

  beforeAll(async () => {
    platform = await startPlatform()
    server = await startTestServer(backend, { config: { commerceWebhookUrl: platform.url, commerceOutboxIntervalMs: 20, commerceOutboxMaxBackoffMs: 200 } })
    await server.load({ ...w, carts: [webCart, ...w.carts.filter(c => c.id !== 'cus-alice')] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(async () => {
    await server.close()
    await new Promise(resolve => platform.server!.close(resolve))
  })

  it('takes the bought item out of the web cart and tells the platform once', async () => {
    await tablet.create('orders', [sale])
    expect((await cart()).items.map(i => i.sku)).toEqual(['SKU-BAG'])
    await until(() => cartEvents().length === 1, 'the cart event arrives')
    await settle()
    expect(cartEvents()).toHaveLength(1)
    expect(cartEvents()[0]!.event).toMatchObject({ type: 'cart.updated', data: { customerId: 'cus-alice', items: [expect.objectContaining({ sku: 'SKU-BAG' })], changedBy: 'store' } })
  })

  it('changes nothing more when the same order is pushed three times', async () => {
    for (let i = 0; i < 3; i++) {
      const reply = await tablet.push('orders', [{ newDocumentState: sale, assumedMasterState: null }])
      expect(reply.body).toEqual([])
    }
    await settle()
    expect((await cart()).items.map(i => i.sku)).toEqual(['SKU-BAG'])
    expect(cartEvents()).toHaveLength(1)
  })

  it('leaves carts alone for a walk-in sale', async () => {
    const before = await cart()
    await tablet.create('orders', [makeOrder({ id: 'ord-walk-in-2', storeId: 'store-a', associateId: 'assoc-a1', customerId: null, lines: [{ ...line, sku: 'SKU-BAG', size: '' }] })])
    await settle()
    expect(await cart()).toEqual(before)
    expect(cartEvents()).toHaveLength(1)
  })
})
