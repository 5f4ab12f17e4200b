import type { TestServer } from './harness'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeItem } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { openTestDatabase, startTestServer } from './harness'
import { openStream } from './stream-client'

// Several stateless instances behind a load balancer share one PostgreSQL: a change written
// through one must reach the live streams held by the others (LISTEN/NOTIFY).
describe.runIf(!!process.env.TEST_DATABASE_URL)('two sync-server instances on one PostgreSQL', () => {
  let first: TestServer
  let second: TestServer

  beforeAll(async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`
    first = await startTestServer('postgres', { db: await openTestDatabase('postgres', schema) })
    second = await startTestServer('postgres', { db: await openTestDatabase('postgres', schema) })
    await first.load(world())
  })
  afterAll(async () => {
    await first.close()
    await second.close()
    await first.db.close()
    await second.db.close()
  })

  it('delivers a change made through one instance to a stream held by the other', async () => {
    const device = await second.enroll('store-a')
    const stream = await openStream(second.url, device.token)
    try {
      const reply = await apiClient(first.url).commerce({ id: 'evt-across', type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-ACROSS' })] } })
      expect(reply.status).toBe(202)
      await stream.waitFor(() => stream.eventsWith('carts', 'cus-alice').length > 0)
      expect(stream.eventsWith('carts', 'cus-alice')[0]!.documents[0]).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ sku: 'SKU-ACROSS' })]) })
    }
    finally {
      await stream.close()
    }
  })
})
