import type { CommerceEvent } from '../../src/shared/protocol'
import type { ProductDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeItem, makeOrder, makeProduct } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { MAX_BATCH_EVENTS } from '../../sync-server/commerce/batch'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { openStream } from './stream-client'

let counter = 0
function event(type: CommerceEvent['type'], data: Record<string, unknown>, overrides: Partial<CommerceEvent> = {}): CommerceEvent {
  counter += 1
  return { id: `evt-${counter}`, type, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(), data, ...overrides }
}

describe.each(BACKENDS)('commerce events on %s', (backend) => {
  let server: TestServer
  let tokenA: string
  let storeA: ReturnType<typeof apiClient>
  let storeB: ReturnType<typeof apiClient>
  const w = world()
  const cartOf = async (client: ReturnType<typeof apiClient>, id: string) => (await client.pullAll('carts')).documents.find(d => d.id === id)

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(w)
    tokenA = (await server.enroll('store-a')).token
    storeA = apiClient(server.url, tokenA)
    storeB = apiClient(server.url, (await server.enroll('store-b')).token)
    // The platform's first word on each cart: until then the server can't tell what the web
    // removed, so a first event is merged as a union (never losing a store's addition).
    for (const cart of w.carts)
      await storeA.commerce(event('cart.updated', { customerId: cart.customerId, items: cart.items }))
  })
  afterAll(() => server.close())

  it('sends a web cart change to the tablets whose book holds the customer, live, and to no other', async () => {
    const streamA = await openStream(server.url, tokenA)
    const streamB = await openStream(server.url, (await server.enroll('store-b')).token)
    try {
      const reply = await storeA.commerce(event('cart.updated', { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-WEB', channel: 'web' })] }))
      expect(reply.status).toBe(202)
      await streamA.waitFor(() => streamA.eventsWith('carts', 'cus-alice').length === 1)
      expect(streamA.eventsWith('carts', 'cus-alice')[0]!.documents[0]).toMatchObject({ items: [expect.objectContaining({ sku: 'SKU-WEB' })] })
      await storeA.commerce(event('cart.updated', { customerId: 'cus-bruno', items: [] }))
      await streamB.waitFor(() => streamB.eventsWith('carts', 'cus-bruno').length === 1)
      expect(streamB.eventsWith('carts', 'cus-alice')).toEqual([])
    }
    finally {
      await streamA.close()
      await streamB.close()
    }
  })

  it('applies an event sent three times once, with one stream event', async () => {
    const stream = await openStream(server.url, tokenA)
    try {
      const e = event('wishlist.updated', { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-WISH' })] })
      const outcomes = []
      for (let i = 0; i < 3; i++) outcomes.push((await storeA.commerce(e)).body.outcome)
      expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate'])
      await stream.waitFor(() => stream.eventsWith('wishlists', 'cus-alice').length > 0)
      await storeA.commerce(event('cart.updated', { customerId: 'cus-alice', items: [] }))
      await stream.waitFor(() => stream.eventsWith('carts', 'cus-alice').length > 0)
      expect(stream.eventsWith('wishlists', 'cus-alice')).toHaveLength(1)
    }
    finally {
      await stream.close()
    }
  })

  it('merges the first event about a cart as a union with what the store already has', async () => {
    await storeA.commerce(event('wishlist.updated', { customerId: 'cus-bruno', items: [makeItem({ sku: 'SKU-FIRST' })] }))
    const wishlist = (await storeB.pullAll('wishlists')).documents.find(d => d.id === 'cus-bruno')!
    expect((wishlist.items as Array<{ sku: string }>).map(i => i.sku).sort()).toEqual(['SKU-A', 'SKU-B', 'SKU-FIRST'])
  })

  it('merges a cart changed on the web and in the store', async () => {
    await storeA.commerce(event('cart.updated', { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-1' }), makeItem({ sku: 'SKU-2' })] }))
    const master = (await cartOf(storeA, 'cus-alice'))!
    const fromStore = { ...master, items: [...master.items as object[], makeItem({ sku: 'SKU-STORE', channel: 'store', addedBy: 'assoc-a1' })] }
    expect((await storeA.push('carts', [{ newDocumentState: fromStore, assumedMasterState: master }])).body).toEqual([])
    // The web shop hasn't heard of the store's item yet: it removes SKU-1 and adds SKU-3.
    await storeA.commerce(event('cart.updated', { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-2' }), makeItem({ sku: 'SKU-3' })] }))
    const merged = (await cartOf(storeA, 'cus-alice'))!
    expect((merged.items as Array<{ sku: string }>).map(i => i.sku).sort()).toEqual(['SKU-2', 'SKU-3', 'SKU-STORE'])
  })

  it('ignores an event older than the last one applied to the same cart', async () => {
    await storeA.commerce(event('cart.updated', { customerId: 'cus-bruno', items: [makeItem({ sku: 'NEW' })] }, { occurredAt: '2026-06-01T00:00:00.000Z' }))
    const reply = await storeA.commerce(event('cart.updated', { customerId: 'cus-bruno', items: [makeItem({ sku: 'OLD' })] }, { occurredAt: '2026-05-01T00:00:00.000Z' }))
    expect(reply.body.outcome).toBe('stale')
    expect((await cartOf(storeB, 'cus-bruno'))!.items).toEqual([expect.objectContaining({ sku: 'NEW' })])
  })

  it('creates a web customer in their home store\'s book, and keeps a store edit when the web updates other fields', async () => {
    await storeA.commerce(event('customer.upserted', { id: 'cus-web', firstName: 'Zoë', lastName: 'Müller', email: 'zoe@example.com', phone: '0039 333 9998877', homeStoreId: 'store-a', language: 'en' }))
    const created = (await storeA.pullAll('customers')).documents.find(d => d.id === 'cus-web')!
    expect(created).toMatchObject({ nameKey: 'muler zoe', phoneKey: '3339998877', lifetimeValueMinor: 0 })
    const edited = { ...created, tags: ['sposa'] }
    expect((await storeA.push('customers', [{ newDocumentState: edited, assumedMasterState: created }])).body).toEqual([])
    await storeA.commerce(event('customer.upserted', { id: 'cus-web', firstName: 'Zoë', lastName: 'Müller', email: 'zoe.muller@example.com', homeStoreId: 'store-a' }))
    const after = (await storeA.pullAll('customers')).documents.find(d => d.id === 'cus-web')!
    expect(after).toMatchObject({ email: 'zoe.muller@example.com', emailKey: 'zoe.muller@example.com', tags: ['sposa'] })
  })

  it('adds a web order to the customer\'s history and lifetime value', async () => {
    const order = makeOrder({ id: 'ord-web-2', channel: 'web', storeId: null, associateId: null, customerId: 'cus-bruno', paymentMethod: 'online', visitId: null })
    expect((await storeA.commerce(event('order.created', order as never))).status).toBe(202)
    const bruno = (await storeB.pullAll('customers')).documents.find(d => d.id === 'cus-bruno')!
    expect(bruno.lifetimeValueMinor).toBe(2 * 18_000)
    expect((await storeB.pullAll('orders')).documents.map(d => d.id).sort()).toEqual(['ord-web-2', 'ord-web-bruno'])
  })
  it('applies a batch in its order, answers each event, refuses a bad one without touching the others, and changes nothing on replay', async () => {
    const storeOrder = makeOrder({ id: 'ord-batch-store', channel: 'store', customerId: 'cus-alice' })
    const batch = [
      event('wishlist.updated', { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-BATCH-1' })] }),
      // Refused after its id was recorded and while the batch's transaction ran: only a rerun without it keeps the rest.
      event('order.created', storeOrder as never),
      { id: 'evt-no-type', occurredAt: new Date().toISOString(), data: {} },
      event('cart.updated', { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-BATCH-2' })] }),
      event('cart.updated', { customerId: 'cus-alice', items: [makeItem({ sku: 'SKU-BATCH-3' })] }),
    ]
    const reply = await storeA.commerceBatch(batch)
    expect(reply.status).toBe(200)
    expect(reply.body.results.map(r => [r.id, r.outcome, r.error?.code])).toEqual([
      [batch[0]!.id, 'applied', undefined],
      [batch[1]!.id, 'refused', 'invalid-event'],
      ['evt-no-type', 'refused', 'invalid-event'],
      [batch[3]!.id, 'applied', undefined],
      [batch[4]!.id, 'applied', undefined],
    ])
    const cartAfter = await cartOf(storeA, 'cus-alice')
    expect((cartAfter!.items as Array<{ sku: string }>).map(i => i.sku)).toContain('SKU-BATCH-3')
    expect((cartAfter!.items as Array<{ sku: string }>).map(i => i.sku)).not.toContain('SKU-BATCH-2')
    expect((await storeA.pullAll('orders')).documents.map(d => d.id)).not.toContain('ord-batch-store')

    const replay = await storeA.commerceBatch(batch)
    expect(replay.body.results.map(r => r.outcome)).toEqual(['duplicate', 'refused', 'refused', 'duplicate', 'duplicate'])
    expect(await cartOf(storeA, 'cus-alice')).toEqual(cartAfter)
  })

  it('answers a batch\'s repeated id as a duplicate and an older change of the same cart as stale, like events sent one by one', async () => {
    const newer = event('cart.updated', { customerId: 'cus-bruno', items: [makeItem({ sku: 'SKU-NEWER' })] }, { occurredAt: '2030-03-01T10:00:00.000Z' })
    const older = event('cart.updated', { customerId: 'cus-bruno', items: [makeItem({ sku: 'SKU-OLDER' })] }, { occurredAt: '2030-03-01T09:00:00.000Z' })
    const reply = await storeA.commerceBatch([newer, newer, older])
    expect(reply.body.results.map(r => r.outcome)).toEqual(['applied', 'duplicate', 'stale'])
    const skus = ((await cartOf(storeB, 'cus-bruno'))!.items as Array<{ sku: string }>).map(i => i.sku)
    expect(skus).toContain('SKU-NEWER')
    expect(skus).not.toContain('SKU-OLDER')
    expect((await storeA.commerce(older)).body.outcome).toBe('duplicate')
  })

  it('refuses a batch larger than one transaction should hold, applying none of it', async () => {
    const batch = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => event('cart.updated', { customerId: 'cus-bruno', items: [makeItem({ sku: `SKU-BIG-${i}` })] }))
    const reply = await storeA.commerceBatch(batch)
    expect([reply.status, reply.body.error?.code]).toEqual([413, 'batch-too-large'])
    expect(JSON.stringify(await cartOf(storeB, 'cus-bruno'))).not.toContain('SKU-BIG-')
  })

  it('records a product\'s last price change for the tablets, and ignores the platform\'s own say about it', async () => {
    const product = (priceMinor: number): Record<string, unknown> => ({ ...makeProduct({ sku: 'SKU-MARKDOWN', name: 'Cappotto', priceMinor, previousPriceMinor: 1, priceChangedAt: '2020-01-01T00:00:00.000Z' }) })
    const productOf = async () => (await storeA.pullAll('products')).documents.find(d => d.id === 'SKU-MARKDOWN') as unknown as ProductDoc
    await storeA.commerce(event('product.upserted', product(30_000)))
    expect(await productOf()).toMatchObject({ priceMinor: 30_000, previousPriceMinor: null, priceChangedAt: null })
    const markdown = event('product.upserted', product(24_000))
    await storeA.commerce(markdown)
    expect(await productOf()).toMatchObject({ priceMinor: 24_000, previousPriceMinor: 30_000, priceChangedAt: markdown.occurredAt })
    // A new photo at the same price keeps the last change.
    await storeA.commerce(event('product.upserted', { ...product(24_000), imageUrl: '/products/new.svg' }))
    expect(await productOf()).toMatchObject({ imageUrl: '/products/new.svg', previousPriceMinor: 30_000, priceChangedAt: markdown.occurredAt })
  })
})
