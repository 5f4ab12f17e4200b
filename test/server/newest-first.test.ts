/**
 * Issue 24: a new tablet downloads a store's history newest first. The read covers the scope
 * entries below a handover position the first page fixes, by date descending, each document
 * once; an entry that changes meanwhile leaves it for the replication, which starts at that
 * position — the two disjoint and together complete.
 */
import type { Doc } from './client'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withWriter } from '../../sync-server/storage/writer'
import { makeOrder } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

interface NewestPage { documents: Doc[], cursor: { at: string, id: string } | null, below: number }

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 10)).toISOString()
const orderOn = (id: string, n: number) => makeOrder({ id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', visitId: null, placedAt: day(n) })

describe.each(BACKENDS)('the history, newest first, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const page = async (query: string) => {
    const { status, body } = await tablet.request<NewestPage>('GET', `/api/sync/orders/pull?order=newest&${query}`)
    expect(status).toBe(200)
    return body
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load({ ...world(), orders: [orderOn('ord-1', 1), orderOn('ord-3', 3), orderOn('ord-2', 2), orderOn('ord-5', 5), orderOn('ord-4', 4)] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(() => server.close())

  it('reads the entries newest first, each once, below the position the first page fixed; a change meanwhile is the replication\'s', async () => {
    const first = await page('limit=2')
    expect(first.documents.map(d => d.id)).toEqual(['ord-5', 'ord-4'])
    // Changed after the first page: it moves above the handover position.
    const ord3 = (await tablet.pullAll('orders')).documents.find(d => d.id === 'ord-3')!
    await withWriter(server.db, w => w.write('orders', [{ ...ord3, receipt: { ...(ord3.receipt as object), status: 'sent' } } as never]))
    const seen = first.documents.map(d => d.id)
    for (let at = first; at.cursor;) {
      at = await page(`limit=2&below=${at.below}&cursor=${encodeURIComponent(JSON.stringify(at.cursor))}`)
      expect(at.below).toBe(first.below)
      seen.push(...at.documents.map(d => d.id))
    }
    expect(seen).toEqual(['ord-5', 'ord-4', 'ord-2', 'ord-1'])
    // The replication from the handover position brings the one that changed.
    const { body } = await tablet.request<{ documents: Doc[] }>('GET', `/api/sync/orders/pull?checkpoint=${encodeURIComponent(JSON.stringify({ seq: first.below, id: '' }))}&limit=100`)
    expect(body.documents.map(d => d.id)).toEqual(['ord-3'])
  })

  it('refuses newest first for a collection without dates, and a cursor that is not one', async () => {
    const carts = await tablet.request<{ error: { code: string } }>('GET', '/api/sync/carts/pull?order=newest')
    expect([carts.status, carts.body.error.code]).toEqual([400, 'invalid-request'])
    const bad = await tablet.request<{ error: { code: string } }>('GET', `/api/sync/orders/pull?order=newest&cursor=${encodeURIComponent('{"at":"soon","id":1}')}`)
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid-request'])
  })
})
