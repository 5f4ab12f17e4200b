/**
 * One change, many tablets of a store on their live streams: every stream gets it, and the
 * server reads it once per store rather than once per tablet.
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeItem } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { openStream } from './stream-client'

describe.each(BACKENDS)('live streams of one store on %s', (backend) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(world())
  })
  afterAll(() => server.close())

  it('delivers a web cart change to ten tablets with one read of the change', async () => {
    const streams = []
    for (let i = 0; i < 10; i++)
      streams.push(await openStream(server.url, (await server.enroll('store-a', `tablet ${i}`)).token))
    const query = server.db.query.bind(server.db)
    let scopedPulls = 0
    server.db.query = (async (text: string, params?: unknown[]) => {
      if (text.includes('FROM scope_index s JOIN docs d'))
        scopedPulls++
      return query(text, params)
    }) as typeof server.db.query
    try {
      const item = makeItem({ sku: 'SKU-FANOUT' })
      await apiClient(server.url).commerce({ id: 'evt-fanout', type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId: 'cus-alice', items: [item] } })
      for (const stream of streams)
        await stream.waitFor(events => events.some(e => e.collection === 'carts' && JSON.stringify(e.documents).includes('SKU-FANOUT')))
      expect(scopedPulls).toBeLessThanOrEqual(2)
    }
    finally {
      server.db.query = query
      await Promise.all(streams.map(s => s.close()))
    }
  })
})
