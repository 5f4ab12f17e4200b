/**
 * Issue 25: the relationship between visits leaves through the same outbox as the store's
 * facts — an appointment booked, moved and cancelled, a message that reached the customer —
 * each once, valid against its published schema, without the associate's notes or the
 * message's text; and one customer's events reach the platform in the order they happened,
 * even when the platform refuses the first for a while, while another customer's go ahead.
 */
import type { TestServer } from './harness'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENT_SCHEMAS } from '../../sync-server/outbound/event-schemas'
import { makeAppointment, makeConsent, makeCustomer, makeOrder, makeOutreach } from '../fixtures/docs'
import { quietHoursAwayFrom } from '../fixtures/quiet-hours'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { startPlatform, until } from './platform'

const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }))
const isConsent = (event: { type: string }) => event.type === 'consent.changed'
const problemsOf = (event: { type: string }) => {
  const validate = ajv.compile(EVENT_SCHEMAS[event.type] ?? {})
  return EVENT_SCHEMAS[event.type] ? (validate(event) ? [] : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`)) : [`no schema for ${event.type}`]
}

describe.each(BACKENDS)('appointments, messages and their order, sent to the retailer\'s systems, on %s', (backend) => {
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const w = world()
  const gaia = makeCustomer({ id: 'cus-gaia', firstName: 'Gaia', lastName: 'Riva', email: 'gaia@example.com', phone: '+39 333 300 0001', homeStoreId: 'store-a', consents: { email: makeConsent(), sms: makeConsent() } })
  const ugo = makeCustomer({ id: 'cus-ugo', firstName: 'Ugo', lastName: 'Sala', email: 'ugo@example.com', phone: '+39 333 300 0002', homeStoreId: 'store-a' })
  const ofType = (type: string) => platform.received.filter(r => r.event.type === type && r.status === 200)
  const settle = async () => {
    await server.outbox!.flush()
    await new Promise(resolve => setTimeout(resolve, 100))
    await server.outbox!.flush()
  }
  const start = new Date(Date.now() + 3 * 86_400_000).toISOString()
  const booked = makeAppointment({ id: 'appt-ev-1', storeId: 'store-a', associateId: 'assoc-a1', customerId: gaia.id, start, end: new Date(Date.parse(start) + 3_600_000).toISOString(), createdBy: 'assoc-a1', notes: 'Private: budget is tight' })

  beforeAll(async () => {
    platform = await startPlatform()
    server = await startTestServer(backend, { config: { commerceWebhookUrl: platform.url, commerceOutboxIntervalMs: 20, commerceOutboxMaxBackoffMs: 200 } })
    await server.load({ ...w, stores: w.stores.map(s => (s.id === 'store-a' ? { ...s, settings: { quietHours: quietHoursAwayFrom() } } : s)), customers: [...w.customers, gaia, ugo] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(async () => {
    await server.close()
    await new Promise(resolve => platform.server!.close(resolve))
  })

  it('sends an appointment booked, moved and cancelled, once each, without the associate\'s notes', async () => {
    expect((await tablet.push('appointments', [{ newDocumentState: booked, assumedMasterState: null }])).body).toEqual([])
    await until(() => ofType('appointment.booked').length === 1, 'the booking arrives')
    const master = (await tablet.pullAll('appointments')).documents.find(d => d.id === booked.id)!
    const later = new Date(Date.parse(start) + 86_400_000).toISOString()
    const moved = { ...master, start: later, end: new Date(Date.parse(later) + 3_600_000).toISOString(), sequence: 1, updatedAt: new Date().toISOString() }
    expect((await tablet.push('appointments', [{ newDocumentState: moved, assumedMasterState: master }])).body).toEqual([])
    await until(() => ofType('appointment.moved').length === 1, 'the move arrives')
    const cancelled = { ...moved, status: 'cancelled', cancelReason: 'customer', updatedAt: new Date().toISOString() }
    expect((await tablet.push('appointments', [{ newDocumentState: cancelled, assumedMasterState: moved }])).body).toEqual([])
    await until(() => ofType('appointment.cancelled').length === 1, 'the cancellation arrives')
    // Replayed: nothing new.
    expect((await tablet.push('appointments', [{ newDocumentState: cancelled, assumedMasterState: cancelled }])).body).toEqual([])
    await settle()
    const events = ['appointment.booked', 'appointment.moved', 'appointment.cancelled'].map(type => ofType(type))
    expect(events.map(e => e.length)).toEqual([1, 1, 1])
    for (const [got] of events) expect(problemsOf(got!.event)).toEqual([])
    expect(events[1]![0]!.event.data).toMatchObject({ appointmentId: booked.id, start: later, status: 'booked', products: ['SKU-A'] })
    expect(JSON.stringify(events.map(e => e[0]!.event))).not.toContain('budget is tight')
  })

  it('sends a message once it reached the customer: an e-mail when the server sent it, an SMS when the associate logged it; never its text', async () => {
    const email = makeOutreach({ id: 'out-ev-mail', storeId: 'store-a', associateId: 'assoc-a1', customerId: gaia.id, at: new Date().toISOString(), body: 'Ciao Gaia, ti ho tenuto da parte il cappotto' })
    const sms = makeOutreach({ ...email, id: 'out-ev-sms', channel: 'sms', subject: '', status: 'logged' })
    expect((await tablet.push('outreach', [email, sms].map(m => ({ newDocumentState: m, assumedMasterState: null })))).body).toEqual([])
    await until(() => ofType('outreach.sent').length === 1, 'the logged SMS arrives')
    expect(ofType('outreach.sent')[0]!.event.data).toMatchObject({ outreachId: sms.id, channel: 'sms' })
    await server.outreach.flush()
    await until(() => ofType('outreach.sent').length === 2, 'the e-mail arrives once sent')
    await settle()
    const sent = ofType('outreach.sent')
    expect(sent.map(r => r.event.data.outreachId)).toEqual([sms.id, email.id])
    for (const { event } of sent) expect(problemsOf(event)).toEqual([])
    expect(JSON.stringify(sent)).not.toContain('cappotto')
  })

  it('holds a customer\'s later sale until the platform takes their earlier consent change, and lets another customer\'s through', async () => {
    let refusals = 3
    platform.answer = event => (isConsent(event) && refusals-- > 0 ? 500 : 200)
    try {
      const master = (await tablet.pullAll('customers')).documents.find(d => d.id === gaia.id)!
      const withdrawn = { ...master, consents: { ...(master.consents as object), sms: makeConsent({ granted: false, capturedBy: 'assoc-a1', source: 'store-a', capturedAt: new Date().toISOString() }) }, updatedAt: new Date().toISOString() }
      expect((await tablet.push('customers', [{ newDocumentState: withdrawn, assumedMasterState: master }])).body).toEqual([])
      await until(() => platform.received.some(r => isConsent(r.event)), 'the consent event is tried')
      const line = { sku: 'SKU-A', name: 'Leather loafer', size: '38', qty: 1, unitPriceMinor: 18_000, discountMinor: 0, discountReason: null, totalMinor: 18_000 }
      const sale = makeOrder({ id: 'ord-ev-gaia', storeId: 'store-a', associateId: 'assoc-a1', customerId: gaia.id, visitId: null, lines: [line] })
      const other = makeOrder({ id: 'ord-ev-ugo', storeId: 'store-a', associateId: 'assoc-a1', customerId: ugo.id, visitId: null, lines: [line] })
      await tablet.create('orders', [sale, other])
      await until(() => platform.received.some(r => r.event.type === 'order.created' && r.event.data.id === sale.id), 'the sale arrives', 20_000)
      const at = (match: (r: typeof platform.received[number]) => boolean) => platform.received.findIndex(match)
      const consentTaken = at(r => isConsent(r.event) && r.status === 200)
      expect(consentTaken).toBeGreaterThan(-1)
      expect(at(r => r.event.data.id === sale.id)).toBeGreaterThan(consentTaken)
      expect(platform.received.filter(r => isConsent(r.event)).map(r => r.status)).toEqual([500, 500, 500, 200])
      // Ugo's sale did not wait for Gaia's consent.
      expect(at(r => r.event.data.id === other.id)).toBeLessThan(consentTaken)
    }
    finally {
      platform.answer = () => 200
    }
  })
})
