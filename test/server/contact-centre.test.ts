/**
 * Issue 25, the contact centre: an agent (a head-office account with role contact_centre) finds
 * a caller by phone however it is written, across every store, reads the same profile a tablet
 * holds — the visits of both stores, not the notes associates kept private — and adds a note
 * the customer's store's tablet pulls. Every look and note is in the access log under the
 * agent's name; an admin's session cannot do this, nor an agent's run the stores.
 */
import type { ContactMatch, ContactProfile } from '../../src/shared/endpoints'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudit } from '../../sync-server/audit/log'
import { createOfficeAccount } from '../../sync-server/office/accounts'
import { makeCustomer, makeInteraction, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('the contact centre, on %s', (backend) => {
  let server: TestServer
  const sessions = { agent: '', admin: '' }
  const w = world()
  const caller = makeCustomer({ id: 'cus-caller', firstName: 'Sara', lastName: 'Conti', email: 'sara@example.com', phone: '+39 333 123 4567', homeStoreId: 'store-b' })
  const inB = makeVisit({ id: 'visit-cc-b', storeId: 'store-b', associateId: 'assoc-b1', customerId: caller.id, outcome: 'no_purchase' })
  const inA = makeVisit({ id: 'visit-cc-a', storeId: 'store-a', associateId: 'assoc-a1', customerId: caller.id, outcome: 'follow_up', startedAt: '2025-03-02T10:00:00.000Z' })
  const interactions = [
    makeInteraction({ id: 'int-cc-1', visitId: inB.id, storeId: 'store-b', customerId: caller.id, associateId: 'assoc-b1', type: 'tried_on', sku: 'SKU-CAPRI', size: '38', text: null }),
    makeInteraction({ id: 'int-cc-2', visitId: inB.id, storeId: 'store-b', customerId: caller.id, associateId: 'assoc-b1', type: 'note', sku: null, size: null, text: 'Private remark' }),
  ]
  const call = <T>(method: string, path: string, session: string | null, body?: unknown) => fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(session ? { 'X-Office-Session': session } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async r => ({ status: r.status, body: await r.json() as T & { error?: { code: string } } }))

  beforeAll(async () => {
    server = await startTestServer(backend, { config: { pinIterations: 1000, searchRateLimit: 7 } })
    await server.load({ ...w, customers: [...w.customers, caller], visits: [inB, inA], interactions })
    for (const [who, role] of [['agent', 'contact_centre'], ['admin', 'admin']] as const) {
      const { password } = await createOfficeAccount(server.db, { login: `${who}-one`, displayName: who === 'agent' ? 'Giada Operatrice' : 'Sede', role }, 1000)
      sessions[who] = (await call<{ token: string }>('POST', '/api/office/sessions', null, { login: `${who}-one`, password })).body.token
    }
  })
  afterAll(() => server.close())

  it('keeps an agent out of running the stores, and an admin out of the callers\' profiles', async () => {
    expect((await call('GET', '/api/office/stores', sessions.agent)).status).toBe(403)
    expect((await call('GET', '/api/office/customers?phone=3331234567', sessions.admin)).status).toBe(403)
    expect((await call('GET', '/api/office/customers?phone=3331234567', null)).status).toBe(401)
  })

  it('finds the caller of another store by "3331234567", with their home store', async () => {
    const found = await call<{ customers: ContactMatch[] }>('GET', '/api/office/customers?phone=3331234567', sessions.agent)
    expect(found.body.customers).toEqual([{ id: caller.id, firstName: 'Sara', lastName: 'Conti', homeStoreId: 'store-b', homeStoreName: 'Negozio B' }])
    expect((await call('GET', '/api/office/customers', sessions.agent)).status).toBe(400)
  })

  it('shows the profile with both stores\' visits and their names, without the private note', async () => {
    const { status, body } = await call<ContactProfile>('GET', `/api/office/customers/${caller.id}/profile`, sessions.agent)
    expect(status).toBe(200)
    expect(body.customer.id).toBe(caller.id)
    expect(body.visits.map(v => v.id).sort()).toEqual([inA.id, inB.id])
    expect(body.interactions.map(i => i.id)).toEqual(['int-cc-1'])
    expect(JSON.stringify(body)).not.toContain('Private remark')
    expect(body.products.map(p => p.sku)).toEqual(['SKU-CAPRI'])
    expect(body.associates.map(a => a.id).sort()).toEqual(['assoc-a1', 'assoc-b1'])
    expect(body.stores.map(s => s.name)).toEqual(expect.arrayContaining(['Negozio B']))
    expect((await call('GET', '/api/office/customers/nobody/profile', sessions.agent)).status).toBe(404)
  })

  it('adds a note the store\'s tablet pulls with its source, and refuses an empty one', async () => {
    expect((await call('POST', `/api/office/customers/${caller.id}/notes`, sessions.agent, { text: '  ' })).status).toBe(400)
    const reply = await call<{ note: { id: string } }>('POST', `/api/office/customers/${caller.id}/notes`, sessions.agent, { text: 'Ha chiamato: tenere il 38 per sabato' })
    expect(reply.status).toBe(201)
    const tablet = apiClient(server.url, (await server.enroll('store-b')).token)
    const held = (await tablet.pullAll('interactions')).documents.filter(d => d.customerId === caller.id && d.source)
    expect(held).toEqual([expect.objectContaining({ id: reply.body.note.id, text: 'Ha chiamato: tenere il 38 per sabato', source: 'contact-centre', shared: true })])
  })

  it('names the agent in the customer\'s access log for each look and the note', async () => {
    const log = (await readAudit(server.db, caller.id)).filter(e => e.officeAccountName)
    expect(log.map(e => [e.action, e.detail, e.officeAccountName]).reverse()).toEqual([
      ['view', 'contact-centre-lookup', 'Giada Operatrice'],
      ['view', 'contact-centre', 'Giada Operatrice'],
      ['interaction', 'contact-centre', 'Giada Operatrice'],
    ])
  })

  it('limits one agent\'s caller searches, as an associate\'s searches of other stores', async () => {
    const statuses: number[] = []
    // Two searches so far (one without a query); the seventh is the last the window allows.
    for (let i = 0; i < 6; i++) statuses.push((await call('GET', '/api/office/customers?email=nobody@example.com', sessions.agent)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
  })
})
