/**
 * Issue 25: the in-store facts the central profile needs leave through the outbound outbox —
 * a store sale, an ended visit and a consent change each make exactly one signed event on a
 * real HTTP listener, valid against its published JSON Schema (docs/events/); a private note
 * stays in the store; a replayed push sends nothing new.
 */
import type { Doc } from './client'
import type { TestServer } from './harness'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENT_SCHEMAS } from '../../sync-server/outbound/event-schemas'
import { makeConsent, makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { startPlatform, until } from './platform'

const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }))
const validators = Object.fromEntries(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]))
function problemsOf(event: { type: string }): string[] {
  const validate = validators[event.type]
  if (!validate)
    return [`no schema for ${event.type}`]
  return validate(event) ? [] : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`)
}

describe.each(BACKENDS)('in-store facts sent to the retailer\'s systems, on %s', (backend) => {
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const w = world()
  const ofType = (type: string) => platform.received.filter(r => r.event.type === type)
  const settle = async () => {
    await server.outbox!.flush()
    await new Promise(resolve => setTimeout(resolve, 100))
    await server.outbox!.flush()
  }
  const visit = makeVisit({ id: 'visit-ev-1', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', outcome: 'open', endedAt: null })
  const interactions = [
    makeInteraction({ id: 'int-ev-1', visitId: visit.id, storeId: 'store-a', customerId: 'cus-alice', associateId: 'assoc-a1', type: 'shown', sku: 'SKU-BAG', size: null, text: null }),
    makeInteraction({ id: 'int-ev-2', visitId: visit.id, storeId: 'store-a', customerId: 'cus-alice', associateId: 'assoc-a1', type: 'tried_on', sku: 'SKU-SHOES', size: '39', text: null }),
    makeInteraction({ id: 'int-ev-3', visitId: visit.id, storeId: 'store-a', customerId: 'cus-alice', associateId: 'assoc-a1', type: 'note', sku: null, size: null, text: 'Prefers navy; wedding in June', shared: true }),
    makeInteraction({ id: 'int-ev-4', visitId: visit.id, storeId: 'store-a', customerId: 'cus-alice', associateId: 'assoc-a1', type: 'note', sku: null, size: null, text: 'Difficult about prices — private' }),
  ]
  const line = { sku: 'SKU-SHOES', name: 'Scarpe', size: '39', qty: 1, unitPriceMinor: 18_000, discountMinor: 0, discountReason: null, totalMinor: 18_000 }
  const sale = makeOrder({ id: 'ord-ev-1', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', visitId: visit.id, lines: [line] })

  beforeAll(async () => {
    platform = await startPlatform()
    server = await startTestServer(backend, { config: { commerceWebhookUrl: platform.url, commerceOutboxIntervalMs: 20, commerceOutboxMaxBackoffMs: 200 } })
    await server.load({ ...w, associates: [...w.associates, makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00' })] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(async () => {
    await server.close()
    await new Promise(resolve => platform.server!.close(resolve))
  })

  it('sends a store sale once as order.created with channel store and its "Order Completed", valid against its schema', async () => {
    await tablet.create('orders', [sale])
    await until(() => ofType('order.created').length === 1, 'the order event arrives')
    await settle()
    const [got] = ofType('order.created')
    expect(ofType('order.created')).toHaveLength(1)
    expect(problemsOf(got!.event)).toEqual([])
    expect(got!.event.data).toMatchObject({ id: 'ord-ev-1', channel: 'store', storeId: 'store-a', totalMinor: sale.totalMinor })
    expect(got!.event.data).not.toHaveProperty('receipt')
    expect((got!.event as { track?: unknown }).track).toEqual([expect.objectContaining({ event: 'Order Completed', properties: expect.objectContaining({ order_id: 'ord-ev-1', currency: 'EUR', products: [expect.objectContaining({ sku: 'SKU-SHOES', quantity: 1, price: 180 })] }) })])
  })

  it('sends an ended visit once, with its products and only the note marked shareable', async () => {
    await tablet.create('visits', [visit])
    await tablet.create('interactions', interactions)
    const master = (await tablet.pullAll('visits')).documents.find(d => d.id === visit.id)!
    const ended = { ...master, outcome: 'purchase', endedAt: new Date().toISOString(), orderId: sale.id, updatedAt: new Date().toISOString() }
    expect((await tablet.push('visits', [{ newDocumentState: ended, assumedMasterState: master }])).body).toEqual([])
    await until(() => ofType('visit.ended').length === 1, 'the visit event arrives')
    await settle()
    const [got] = ofType('visit.ended')
    expect(problemsOf(got!.event)).toEqual([])
    expect(got!.event.data).toMatchObject({
      visitId: visit.id,
      associateId: 'assoc-a1',
      outcome: 'purchase',
      products: { shown: [expect.objectContaining({ sku: 'SKU-BAG' })], triedOn: [expect.objectContaining({ sku: 'SKU-SHOES', size: '39' })], recommended: [] },
      notes: [expect.objectContaining({ text: 'Prefers navy; wedding in June' })],
    })
    expect(JSON.stringify(got!.event)).not.toContain('private')
    // A later change to the ended visit (a manager's comment) is no second end.
    const again = (await tablet.pullAll('visits')).documents.find(d => d.id === visit.id)!
    const commented: Doc = { ...again, comments: [{ id: 'c1', by: 'mgr-a', at: new Date().toISOString(), text: 'Bene' }], updatedAt: new Date().toISOString() }
    expect((await tablet.push('visits', [{ newDocumentState: commented, assumedMasterState: again }])).body).toEqual([])
    await settle()
    expect(ofType('visit.ended')).toHaveLength(1)
  })

  it('sends a consent change once per channel with its capture record, and nothing for an edit that keeps it', async () => {
    const master = (await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    const consent = makeConsent({ granted: true, capturedBy: 'assoc-a1', source: 'store-a', capturedAt: new Date().toISOString() })
    const next = { ...master, consents: { ...(master.consents as object), sms: consent }, updatedAt: new Date().toISOString() }
    expect((await tablet.push('customers', [{ newDocumentState: next, assumedMasterState: master }])).body).toEqual([])
    await until(() => ofType('consent.changed').length === 1, 'the consent event arrives')
    const after = (await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    const renamed = { ...after, tags: ['wedding-june'], updatedAt: new Date().toISOString() }
    expect((await tablet.push('customers', [{ newDocumentState: renamed, assumedMasterState: after }])).body).toEqual([])
    await settle()
    const [got] = ofType('consent.changed')
    expect(ofType('consent.changed')).toHaveLength(1)
    expect(problemsOf(got!.event)).toEqual([])
    expect(got!.event.data).toEqual({ customerId: 'cus-alice', channel: 'sms', consent, storeId: 'store-a' })
  })

  it('sends nothing new when the sale, the visit and the consent are pushed again', async () => {
    const before = platform.received.length
    expect((await tablet.push('orders', [{ newDocumentState: sale, assumedMasterState: null }])).body).toEqual([])
    const visitNow = (await tablet.pullAll('visits')).documents.find(d => d.id === visit.id)!
    expect((await tablet.push('visits', [{ newDocumentState: visitNow, assumedMasterState: visitNow }])).body).toEqual([])
    await settle()
    expect(platform.received.length).toBe(before)
  })
})
