/**
 * Issue 8: the audit log records who viewed or changed a customer, from which tablet and
 * when, with no contact data in it; a manager reads it, an associate cannot; a manager's
 * erasure leaves nothing personal in the customer's documents or in the server's side tables.
 */
import type { CustomerDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { makeCustomer, makeInteraction, makeVisit, tabletCustomerId } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('the audit log and erasure on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let token = ''
  let giulia: ReturnType<typeof apiClient>
  const asManager = (method: string, path: string, body?: unknown) => tablet.request<Record<string, unknown> & { error?: { code: string } }>(method, path, body, { 'X-Associate-Session': token })
  const views = [{ id: 'v-1', customerId: 'cus-alice', associateId: 'assoc-a1', at: '2026-11-22T09:00:00.000Z' }]

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    await server.load({ ...w, associates: [makeAssociate({ pin: await hashPin('2468', { iterations: 1000 }) }), makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', displayName: 'Sara Manager', pin: await hashPin('246802', { iterations: 1000 }) })] })
    tablet = apiClient(server.url, (await server.enroll('store-a', 'Cassa 1')).token)
    token = (await tablet.request<{ token: string }>('POST', '/api/sessions', { associateId: 'mgr-a', pin: '246802' })).body.token
    giulia = await tablet.signIn('assoc-a1', '2468')
  })
  afterAll(() => server.close())

  it('records a profile view once, however often the batch is sent, at the server\'s time', async () => {
    const sentAt = Date.now()
    for (let i = 0; i < 2; i++)
      expect((await giulia.request('POST', '/api/audit/views', { views })).status).toBe(200)
    const bad = await giulia.request('POST', '/api/audit/views', { views: [{ id: 'x', customerId: 'alice@example.com', associateId: 'a', at: 'now' }] })
    expect(bad.status).toBe(400)
    // Bruno is store B's customer: a store A tablet cannot have viewed him.
    const elsewhere = await giulia.request<{ recorded: number }>('POST', '/api/audit/views', { views: [{ id: 'v-2', customerId: 'cus-bruno', associateId: 'assoc-a1', at: views[0]!.at }] })
    expect(elsewhere.body.recorded).toBe(0)
    const { body } = await asManager('GET', '/api/customers/cus-alice/audit')
    expect(body.entries).toEqual([{ at: expect.any(String), action: 'view', detail: `tablet clock ${views[0]!.at}`, associateId: 'assoc-a1', associateName: 'Giulia Bianchi', deviceName: 'Cassa 1', apiKeyName: null, officeAccountName: null }])
    expect(Date.parse((body.entries as { at: string }[])[0]!.at)).toBeGreaterThanOrEqual(sentAt - 1000)
  })

  it('records an edit with the associate the tablet names, and no one for a name it may not use', async () => {
    const alice = (await tablet.pullAll('customers')).documents.find(c => c.id === 'cus-alice') as unknown as CustomerDoc
    const edited: CustomerDoc = { ...alice, tags: [...alice.tags, 'sposa'] }
    await tablet.request('POST', '/api/sync/customers/push', [{ newDocumentState: edited, assumedMasterState: alice }], { 'X-Associate-Id': 'assoc-a1' })
    const again: CustomerDoc = { ...edited, tags: [...edited.tags, 'vip2'] }
    await tablet.request('POST', '/api/sync/customers/push', [{ newDocumentState: again, assumedMasterState: edited }], { 'X-Associate-Id': 'assoc-b1' })
    const { body } = await asManager('GET', '/api/customers/cus-alice/audit')
    expect((body.entries as { action: string, associateId: string | null }[]).filter(e => e.action === 'edit').map(e => e.associateId)).toEqual([null, 'assoc-a1'])
  })

  it('names who did what: a registration as one, a coaching comment as the manager\'s, not the visit\'s associate\'s', async () => {
    const visit = makeVisit({ id: 'visit-coached', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })
    await tablet.create('visits', [visit])
    const master = (await tablet.pullAll('visits')).documents.find(d => d.id === visit.id)!
    const coached = { ...master, comments: [{ id: 'c-1', by: 'mgr-a', at: '2026-11-22T10:00:00.000Z', text: 'Ottima proposta' }] }
    await tablet.request('POST', '/api/sync/visits/push', [{ newDocumentState: coached, assumedMasterState: master }], { 'X-Associate-Id': 'mgr-a' })
    const nora = makeCustomer({ id: tabletCustomerId('nora'), firstName: 'Nora', lastName: 'Nuova', email: 'nora@example.com', phone: '+39 333 100 0099', loyaltyId: null, homeStoreId: 'store-a', lifetimeValueMinor: 0 })
    await tablet.request('POST', '/api/sync/customers/push', [{ newDocumentState: { ...nora, _deleted: false }, assumedMasterState: null }], { 'X-Associate-Id': 'assoc-a1' })
    const alice = (await asManager('GET', '/api/customers/cus-alice/audit')).body.entries as { action: string, associateId: string, detail: string }[]
    expect(alice.filter(e => e.detail === 'visits:visit-coached').map(e => [e.action, e.associateId]).sort()).toEqual([['comment', 'mgr-a'], ['visit', 'assoc-a1']])
    const registered = (await asManager('GET', `/api/customers/${nora.id}/audit`)).body.entries as { action: string, associateId: string }[]
    expect(registered.map(e => [e.action, e.associateId])).toEqual([['create', 'assoc-a1']])
  })

  it('lets only a manager read the log', async () => {
    const refused = await giulia.request<{ error: { code: string } }>('GET', '/api/customers/cus-alice/audit')
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden'])
    expect((await asManager('GET', '/api/customers/cus-bruno/audit')).status).toBe(404)
  })

  it('erases the customer for the manager, leaving nothing personal in the documents, the side tables or the log', async () => {
    const visit = makeVisit({ id: 'visit-alice', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })
    await tablet.create('visits', [visit])
    await tablet.create('interactions', [makeInteraction({ id: 'int-alice', visitId: visit.id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', type: 'note', sku: null, size: null, text: 'Alice Rossi, chiamare al 333 100 0001' })])
    const erased = await asManager('POST', '/api/customers/cus-alice/erase', {})
    expect(erased.body).toEqual({ customerId: 'cus-alice', erased: true })
    const dump = JSON.stringify((await server.db.query(`SELECT data FROM docs WHERE customer_id = 'cus-alice'`)).rows)
      + JSON.stringify((await server.db.query('SELECT * FROM commerce_shadow')).rows)
      + JSON.stringify((await server.db.query('SELECT * FROM audit_log')).rows)
    for (const secret of ['alice@example.com', '333 100 0001', '3331000001', 'Alice', 'LOY-100001', 'LOY100001'])
      expect(dump).not.toContain(secret)
    const { body } = await asManager('GET', '/api/customers/cus-alice/audit')
    expect((body.entries as { action: string }[])[0]!.action).toBe('erase')
  })
})
