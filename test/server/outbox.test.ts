/**
 * Store-made cart and wishlist changes reach the e-commerce platform as signed webhooks,
 * once each, retried until acknowledged. The platform is a real HTTP listener.
 */
import type { Doc } from './client'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOutboxSender } from '../../sync-server/outbound/outbox'
import { sign } from '../../sync-server/outbound/signature'
import { makeItem } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, COMMERCE_SECRET, startTestServer } from './harness'
import { startPlatform, until } from './platform'

describe.each(BACKENDS)('commerce outbox on %s', (backend) => {
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let server: TestServer
  let storeA: ReturnType<typeof apiClient>
  const w = world()
  const current = async (collection: string, id: string) => (await storeA.pullAll(collection)).documents.find(d => d.id === id)!
  const eventsFor = (collection: string, id: string) => platform.received.filter(r => r.event.id.startsWith(`clienteling:${collection}:${id}:`))
  /** Runs passes until nothing more is due, so "no further event" is checked, not hoped. */
  const settle = async () => {
    await server.outbox!.flush()
    await new Promise(resolve => setTimeout(resolve, 100))
    await server.outbox!.flush()
  }

  beforeAll(async () => {
    platform = await startPlatform()
    server = await startTestServer(backend, {
      config: { commerceWebhookUrl: platform.url, commerceOutboxIntervalMs: 20, commerceOutboxMaxBackoffMs: 200 },
    })
    await server.load(w)
    storeA = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(async () => {
    await server.close()
    await new Promise(resolve => platform.server!.close(resolve))
  })

  let pushed: { newDocumentState: Doc, assumedMasterState: Doc }

  it('sends one signed cart.updated when a store tablet adds an item', async () => {
    const master = await current('carts', 'cus-alice')
    const added = makeItem({ sku: 'SKU-STORE', channel: 'store', addedBy: 'assoc-a1' })
    pushed = { newDocumentState: { ...master, items: [...master.items as object[], added] }, assumedMasterState: master }
    expect((await storeA.push('carts', [pushed])).body).toEqual([])

    await until(() => eventsFor('carts', 'cus-alice').length === 1, 'the cart event arrives')
    await settle()
    const [got] = eventsFor('carts', 'cus-alice')
    expect(eventsFor('carts', 'cus-alice')).toHaveLength(1)
    expect(got!.headers['x-signature']).toBe(sign(COMMERCE_SECRET, got!.raw))
    expect(got!.headers['x-event-id']).toBe(got!.event.id)
    expect(got!.headers['content-type']).toMatch(/^application\/json/)
    expect(got!.event).toMatchObject({
      type: 'cart.updated',
      data: { customerId: 'cus-alice', changedBy: ['assoc-a1'], storeId: 'store-a' },
    })
    expect(got!.event.data.items).toEqual(pushed.newDocumentState.items)
  })

  it('sends nothing more when the same push is replayed three times', async () => {
    for (let i = 0; i < 3; i++)
      expect((await storeA.push('carts', [pushed])).body).toEqual([])
    await settle()
    expect(eventsFor('carts', 'cus-alice')).toHaveLength(1)
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM commerce_outbox WHERE event_type = 'cart.updated' AND doc_key = 'customer:cus-alice'`)
    expect(rows[0]!.n).toBe(1)
  })

  it('retries a refused event until the platform acknowledges it, then sends it no more', async () => {
    let refusals = 2
    platform.answer = () => (refusals-- > 0 ? 500 : 200)
    try {
      const master = await current('wishlists', 'cus-alice')
      const added = makeItem({ sku: 'SKU-WISH', channel: 'store', addedBy: 'assoc-a1' })
      const next: Doc = { ...master, items: [added] }
      expect((await storeA.push('wishlists', [{ newDocumentState: next, assumedMasterState: master }])).body).toEqual([])

      await until(() => eventsFor('wishlists', 'cus-alice').some(r => r.status === 200), 'the wishlist event is acknowledged')
      await settle()
      const attempts = eventsFor('wishlists', 'cus-alice')
      expect(attempts.map(r => r.status)).toEqual([500, 500, 200])
      expect(new Set(attempts.map(r => r.event.id)).size).toBe(1)
      // The store removed the web's items too: that is the store's change as well.
      expect(attempts[0]!.event).toMatchObject({ type: 'wishlist.updated', data: { items: [added], changedBy: ['assoc-a1'] } })
      const { rows } = await server.db.query<{ attempts: number, delivered: boolean, last_error: string | null }>(
        `SELECT attempts, delivered_at IS NOT NULL AS delivered, last_error FROM commerce_outbox WHERE event_type = 'wishlist.updated' AND doc_key = 'customer:cus-alice'`,
      )
      expect(rows).toEqual([{ attempts: 3, delivered: true, last_error: null }])
    }
    finally {
      platform.answer = () => 200
    }
  })

  it('sends nothing for a cart change that came from the web', async () => {
    const before = platform.received.length
    const raw = JSON.stringify({
      id: 'evt-web-1',
      type: 'cart.updated',
      occurredAt: new Date().toISOString(),
      data: { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-WEB-NEW', channel: 'web' })] },
    })
    expect((await storeA.request('POST', '/api/commerce/events', raw, { 'X-Signature': sign(COMMERCE_SECRET, raw) })).status).toBe(202)
    await settle()
    expect(platform.received.length).toBe(before)
  })

  it('sends one customer.upserted for a profile edited in store, without our search keys, and none for a replay', async () => {
    const master = await current('customers', 'cus-alice')
    const edited = { ...master, tags: [...master.tags as string[], 'sposa'], updatedAt: new Date().toISOString() }
    const row = { newDocumentState: edited, assumedMasterState: master }
    expect((await storeA.push('customers', [row])).body).toEqual([])
    await until(() => eventsFor('customers', 'cus-alice').length === 1, 'the customer event arrives')
    expect((await storeA.push('customers', [row])).body).toEqual([])
    await settle()
    const events = eventsFor('customers', 'cus-alice')
    expect(events).toHaveLength(1)
    expect(events[0]!.event).toMatchObject({ type: 'customer.upserted', data: { id: 'cus-alice', tags: expect.arrayContaining(['sposa']), storeId: 'store-a' } })
    expect(events[0]!.event.data).not.toHaveProperty('nameKey')
    expect(events[0]!.event.data).not.toHaveProperty('lifetimeValueMinor')
  })

  it('sends nothing for a customer change that came from the web', async () => {
    const before = platform.received.length
    const raw = JSON.stringify({ id: 'evt-web-cust-1', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: { id: 'cus-alice', phone: '+39 347 000 9999' } })
    expect((await storeA.request('POST', '/api/commerce/events', raw, { 'X-Signature': sign(COMMERCE_SECRET, raw) })).status).toBe(202)
    await settle()
    expect(platform.received.length).toBe(before)
  })

  it('forgets delivered events after the retention time and keeps the recent ones', async () => {
    await settle()
    const { rows: delivered } = await server.db.query<{ id: string }>('SELECT id FROM commerce_outbox WHERE delivered_at IS NOT NULL LIMIT 1')
    await server.db.query(`UPDATE commerce_outbox SET delivered_at = now() - interval '40 days' WHERE id = $1`, [delivered[0]!.id])
    const pruner = startOutboxSender({ db: server.db, url: platform.url, secret: COMMERCE_SECRET, intervalMs: 3_600_000, pruneIntervalMs: 0 })
    await pruner.flush()
    await pruner.stop()
    const { rows } = await server.db.query<{ id: string, delivered: boolean }>('SELECT id, delivered_at IS NOT NULL AS delivered FROM commerce_outbox')
    expect(rows.map(r => r.id)).not.toContain(delivered[0]!.id)
    expect(rows.length).toBeGreaterThan(0)
  })

  it('never holds a push up while the platform is slow to answer', async () => {
    let release = () => {}
    const held = new Promise<number>((resolve) => {
      release = () => resolve(200)
    })
    platform.answer = () => held
    try {
      // Bruno is in store B's book.
      const storeB = apiClient(server.url, (await server.enroll('store-b')).token)
      const master = (await storeB.pullAll('carts')).documents.find(d => d.id === 'cus-bruno')!
      const added = makeItem({ sku: 'SKU-SLOW', channel: 'store', addedBy: 'assoc-b1' })
      const cart: Doc = { ...master, items: [added] }
      expect((await storeB.push('carts', [{ newDocumentState: cart, assumedMasterState: master }])).body).toEqual([])
      await until(() => platform.pending === 1, 'the cart event is being sent')
      // The first event is still unanswered while the next push goes through.
      const other = (await storeB.pullAll('wishlists')).documents.find(d => d.id === 'cus-bruno')!
      const wishlist: Doc = { ...other, items: [added] }
      expect((await storeB.push('wishlists', [{ newDocumentState: wishlist, assumedMasterState: other }])).body).toEqual([])
      expect(eventsFor('carts', 'cus-bruno')).toHaveLength(0)
    }
    finally {
      release()
      platform.answer = () => 200
    }
    await until(() => eventsFor('carts', 'cus-bruno').length === 1 && eventsFor('wishlists', 'cus-bruno').length === 1, 'both bruno events arrive')
  })
})
