/**
 * A manager's side of identity resolution, with the role checked by the server: a session
 * needs the associate's PIN, an associate's session is refused, and a manager of the store
 * lists look-alike pairs, merges or dismisses them (once), and reads the merge log.
 */
import type { CustomerDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { makeCustomer, tabletCustomerId } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

const PAOLA_1 = tabletCustomerId('paola-1')
const PAOLA_2 = tabletCustomerId('paola-2')
const PAOLA_3 = tabletCustomerId('paola-3')

const person = (id: string, email: string, createdAt: string) => makeCustomer({ id, firstName: 'Paola', lastName: 'Ricci', email, phone: null, loyaltyId: null, homeStoreId: 'store-a', createdAt, lifetimeValueMinor: 0 })

describe.each(BACKENDS)('identity reviews for a store manager, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let token = ''
  const sessionOf = async (associateId: string, pin: string) => tablet.request<{ token: string, role: string, error?: { code: string } }>('POST', '/api/sessions', { associateId, pin })
  const asManager = (method: string, path: string, body?: unknown) => tablet.request<Record<string, unknown> & { error?: { code: string } }>(method, path, body, { 'X-Associate-Session': token })

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load({ ...world(), associates: [makeAssociate({ pin: await hashPin('2468', { iterations: 1000 }) }), makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', displayName: 'Sara Manager', pin: await hashPin('246802', { iterations: 1000 }) })] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    await tablet.create('customers', [person(PAOLA_1, 'paola@example.com', '2026-10-01T10:00:00.000Z')])
    await tablet.create('customers', [person(PAOLA_2, 'p.ricci@example.org', '2026-11-01T10:00:00.000Z')])
  })
  afterAll(() => server.close())

  it('refuses a wrong PIN, and an associate\'s session for the manager\'s endpoints', async () => {
    const wrong = await sessionOf('mgr-a', '1111')
    expect([wrong.status, wrong.body.error?.code]).toEqual([401, 'invalid-pin'])
    const noSession = await tablet.request<{ error: { code: string } }>('GET', '/api/identity/reviews')
    expect([noSession.status, noSession.body.error.code]).toEqual([401, 'session-required'])
    const associate = await sessionOf('assoc-a1', '2468')
    expect(associate.body.role).toBe('associate')
    const refused = await tablet.request<{ error: { code: string } }>('GET', '/api/identity/reviews', undefined, { 'X-Associate-Session': associate.body.token })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden'])
  })

  it('lists the look-alike pair for the manager and merges it into the older profile on confirmation', async () => {
    const session = await sessionOf('mgr-a', '246802')
    expect(session.status).toBe(201)
    token = session.body.token
    const { body } = await asManager('GET', '/api/identity/reviews')
    const reviews = body.reviews as { id: string, a: { id: string, email: string }, b: { id: string } }[]
    expect(reviews.map(r => [r.a.id, r.b.id])).toEqual([[PAOLA_1, PAOLA_2]])
    expect(reviews[0]!.a).toMatchObject({ email: 'paola@example.com', homeStoreId: 'store-a', tier: 'gold', loyaltyId: null, lastSeenAt: null })

    const decided = await asManager('POST', `/api/identity/reviews/${reviews[0]!.id}`, { decision: 'merge' })
    expect(decided.body).toEqual({ id: reviews[0]!.id, status: 'merged' })
    const customers = (await tablet.pullAll('customers')).documents
    expect(customers.find(c => c.id === PAOLA_2)).toMatchObject({ _deleted: true, mergedInto: PAOLA_1 })
    expect(customers.find(c => c.id === PAOLA_1)).toMatchObject({ email: 'paola@example.com' })

    const again = await asManager('POST', `/api/identity/reviews/${reviews[0]!.id}`, { decision: 'dismiss' })
    expect([again.status, again.body.error?.code]).toEqual([409, 'already-decided'])
    const log = await asManager('GET', '/api/identity/merges')
    expect(log.body.merges).toMatchObject([{ mergedId: PAOLA_2, reason: 'manager', decidedBy: 'mgr-a', decidedByName: 'Sara Manager', survivor: { id: PAOLA_1 } }])
  })

  it('gives enough to decide with, and another store\'s customer\'s contacts masked', async () => {
    await server.load({ customers: [makeCustomer({ id: 'cus-paola-roma', firstName: 'Paola', lastName: 'Rizzi', email: 'paola.roma@example.com', phone: '+39 347 222 3344', loyaltyId: 'LOY-555001', homeStoreId: 'store-b', tier: 'platinum' })] })
    await server.db.query(`INSERT INTO identity_reviews (id, customer_a, customer_b, reason) VALUES ('pair-roma', $1, 'cus-paola-roma', 'name')`, [PAOLA_1])
    const { body } = await asManager('GET', '/api/identity/reviews')
    const review = (body.reviews as { id: string, b: Record<string, unknown> }[]).find(r => r.id === 'pair-roma')!
    expect(review.b).toMatchObject({ homeStoreId: 'store-b', tier: 'platinum', loyaltyId: 'LOY-555001', email: 'p•••@example.com', phone: '••• 344' })
    expect(await asManager('POST', '/api/identity/reviews/pair-roma', { decision: 'dismiss' })).toMatchObject({ status: 200 })
  })

  it('dismisses a pair for good: it is not listed again', async () => {
    await tablet.create('customers', [person(PAOLA_3, 'paola.r@example.net', '2026-11-10T10:00:00.000Z')])
    const { body } = await asManager('GET', '/api/identity/reviews')
    const [review] = body.reviews as { id: string }[]
    expect((await asManager('POST', `/api/identity/reviews/${review!.id}`, { decision: 'dismiss' })).body).toMatchObject({ status: 'dismissed' })
    const edited = (await tablet.pullAll('customers')).documents.find(c => c.id === PAOLA_3) as unknown as CustomerDoc
    // A new e-mail makes the server look for matches again; the dismissed pair stays dismissed.
    const next: CustomerDoc = { ...edited, email: 'paola.ricci@example.net', emailKey: 'paola.ricci@example.net' }
    const reply = await tablet.push('customers', [{ newDocumentState: next, assumedMasterState: edited }])
    expect(reply.body).toEqual([])
    expect((await asManager('GET', '/api/identity/reviews')).body.reviews).toEqual([])
  })
})
