/**
 * Issue 24, the tablets' history window: orders, visits and interactions dated before the
 * window's start (TABLET_HISTORY_MONTHS, here the default 24) are not sent to tablets — a
 * document exactly at the start is, one a millisecond older is not, whether the tablet pulls,
 * counts its first download, or receives a customer who joins its store's book — while the
 * server keeps them and counts them in the lifetime value and the purchase count.
 */
import type { Doc } from './client'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../sync-server/core/config'
import { historyFrom } from '../../sync-server/storage/pull'
import { withWriter } from '../../sync-server/storage/writer'
import { makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe('where the window starts', () => {
  it('is the start of the UTC day 24 calendar months back, the same all day, and nowhere for 0', () => {
    expect(historyFrom(24, new Date('2026-12-04T23:59:59.999Z'))).toBe('2024-12-04T00:00:00.000Z')
    expect(historyFrom(24, new Date('2026-12-04T00:00:00.000Z'))).toBe('2024-12-04T00:00:00.000Z')
    expect(historyFrom(0)).toBeNull()
  })

  it('refuses a window too short for Today\'s lapsed customers, and defaults to 24 months', () => {
    expect(loadConfig({}).tabletHistoryMonths).toBe(24)
    expect(loadConfig({ TABLET_HISTORY_MONTHS: '0' }).tabletHistoryMonths).toBe(0)
    expect(() => loadConfig({ TABLET_HISTORY_MONTHS: '12' })).toThrow(/from 24 to 1200/)
  })
})

describe.each(BACKENDS)('the tablets\' history window, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let from = ''
  const before = (iso: string) => new Date(Date.parse(iso) - 1).toISOString()
  const ids = async (collection: string, customerId: string) => (await tablet.pullAll(collection)).documents.filter((d: Doc) => d.customerId === customerId).map(d => d.id).sort()
  const line = { sku: 'SKU-A', name: 'Leather loafer', size: '38', qty: 1, unitPriceMinor: 18_000, discountMinor: 0, discountReason: null, totalMinor: 18_000 }

  beforeAll(async () => {
    // The window moves at midnight UTC: not in the middle of this test.
    const toMidnight = 86_400_000 - (Date.now() % 86_400_000)
    if (toMidnight < 20_000)
      await new Promise(resolve => setTimeout(resolve, toMidnight + 100))
    from = historyFrom(24)!
    server = await startTestServer(backend, { config: { tabletHistoryMonths: 24 } })
    const w = world()
    const order = (id: string, customerId: string, placedAt: string, storeId = 'store-a') => makeOrder({ id, storeId, associateId: 'assoc-a1', customerId, visitId: null, placedAt, lines: [line], totalMinor: 18_000, vatMinor: 3_246 })
    await server.load({
      ...w,
      orders: [order('ord-at-start', 'cus-alice', from), order('ord-aged', 'cus-alice', before(from)), order('ord-b-new', 'cus-bruno', new Date().toISOString(), 'store-b'), order('ord-b-aged', 'cus-bruno', '2020-01-10T10:00:00.000Z', 'store-b')],
      visits: [makeVisit({ id: 'visit-at-start', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', startedAt: from }), makeVisit({ id: 'visit-aged', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', startedAt: before(from) })],
      interactions: [
        makeInteraction({ id: 'int-at-start', visitId: 'visit-at-start', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', at: from }),
        makeInteraction({ id: 'int-aged', visitId: 'visit-aged', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', at: before(from) }),
      ],
    })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(() => server.close())

  it('sends a document dated exactly at the window\'s start, and none a millisecond older', async () => {
    expect(await ids('orders', 'cus-alice')).toEqual(['ord-at-start'])
    expect(await ids('visits', 'cus-alice')).toEqual(['visit-at-start'])
    expect(await ids('interactions', 'cus-alice')).toEqual(['int-at-start'])
  })

  it('counts only the window in the first download\'s summary', async () => {
    const { body } = await tablet.request<{ counts: Record<string, number> }>('GET', '/api/sync/summary')
    expect([body.counts.orders, body.counts.visits, body.counts.interactions]).toEqual([1, 1, 1])
  })

  it('answers a profile opened before the history arrived with the customer\'s history in the window, and the older rest with ?before=', async () => {
    type History = { orders: Doc[], visits: Doc[], interactions: Doc[], historyFrom: string }
    const idsOf = (h: History) => [h.orders, h.visits, h.interactions].map(list => list.map(d => d.id).sort())
    const inWindow = await tablet.request<History>('GET', '/api/customers/cus-alice/history')
    expect(inWindow.status).toBe(200)
    expect(idsOf(inWindow.body)).toEqual([['ord-at-start'], ['visit-at-start'], ['int-at-start']])
    expect(inWindow.body.historyFrom).toBe(from)
    const older = await tablet.request<History>('GET', `/api/customers/cus-alice/history?before=${encodeURIComponent(from)}`)
    expect(idsOf(older.body)).toEqual([['ord-aged'], ['visit-aged'], ['int-aged']])
    // The tablet's "older purchases" asks for what the window leaves out, without knowing where it starts.
    expect(idsOf((await tablet.request<History>('GET', '/api/customers/cus-alice/history?older=1')).body)).toEqual([['ord-aged'], ['visit-aged'], ['int-aged']])
  })

  it('refuses the history of a customer not in the store\'s book, and a before that is no date', async () => {
    const other = await tablet.request<{ error: { code: string } }>('GET', '/api/customers/cus-bruno/history')
    expect([other.status, other.body.error.code]).toEqual([404, 'not-found'])
    const bad = await tablet.request<{ error: { code: string } }>('GET', '/api/customers/cus-alice/history?before=yesterday')
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid-request'])
  })

  it('brings only the window of a customer who joins the store\'s book', async () => {
    expect(await ids('orders', 'cus-bruno')).toEqual([])
    await withWriter(server.db, w => w.joinBook('store-a', ['cus-bruno'], 'pin'))
    expect(await ids('orders', 'cus-bruno')).toEqual(['ord-b-new'])
  })

  it('keeps counting every purchase in the lifetime value and the purchase count', async () => {
    const sale = makeOrder({ id: 'ord-now', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', visitId: null, lines: [line], totalMinor: 18_000, vatMinor: 3_246 })
    await tablet.create('orders', [sale])
    const alice = (await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    expect([alice.lifetimeValueMinor, alice.orderCount]).toEqual([54_000, 3])
    expect(await ids('orders', 'cus-alice')).toEqual(['ord-at-start', 'ord-now'])
  })
})
