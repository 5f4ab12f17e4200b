/**
 * A walk-in visit (and its sale) linked to a customer afterwards: the link is made once, the
 * sale counts towards the customer's lifetime value, and nothing written before is rewritten.
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCustomer, makeOrder, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('a walk-in visit linked to a customer later, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const walkIn = makeVisit({ id: 'visit-walk-in', storeId: 'store-a', associateId: 'assoc-a1', customerId: null, outcome: 'purchase', endedAt: '2026-01-10T10:00:00.000Z' })
  const sale = makeOrder({ id: 'ord-walk-in', storeId: 'store-a', associateId: 'assoc-a1', customerId: null, visitId: walkIn.id })

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(world())
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(() => server.close())

  const customer = async (id: string) => (await tablet.pullAll('customers')).documents.find(d => d.id === id)

  it('counts the walk-in sale for the customer once the visit is linked, and only then', async () => {
    const before = (await customer('cus-alice'))?.lifetimeValueMinor
    await tablet.create('visits', [walkIn])
    await tablet.create('orders', [sale])
    // Alice has no orders of her own; the walk-in sale is nobody's yet.
    expect((await customer('cus-alice'))?.lifetimeValueMinor).toBe(before)
    expect(before).not.toBe(sale.totalMinor)

    const linked = { ...walkIn, customerId: 'cus-alice', updatedAt: '2026-01-10T10:05:00.000Z' }
    const reply = await tablet.push('visits', [{ newDocumentState: linked, assumedMasterState: walkIn }])
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual([])
    expect((await customer('cus-alice'))?.lifetimeValueMinor).toBe(sale.totalMinor)
    // The sale itself is untouched: orders never change once placed.
    expect((await tablet.pullAll('orders')).documents.find(d => d.id === sale.id)?.customerId).toBeNull()
  })

  it('refuses to link the same visit to a second customer', async () => {
    await server.load({ customers: [makeCustomer({ id: 'cus-carla', firstName: 'Carla', email: 'carla@example.com', phone: '+39 333 100 0003', loyaltyId: null, homeStoreId: 'store-a' })] })
    const master = (await tablet.pullAll('visits')).documents.find(d => d.id === walkIn.id)!
    const reply = await tablet.push('visits', [{ newDocumentState: { ...master, customerId: 'cus-carla' } as typeof master, assumedMasterState: master }])
    expect(reply.status).toBe(409)
    expect((reply.body as unknown as { error: { code: string } }).error.code).toBe('immutable-field')
  })
})
