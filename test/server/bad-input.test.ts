import type { Database } from '../../sync-server/storage/db'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCart, makeCustomer, makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import type { DocIn } from './client'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

const TABLES = ['docs', 'book', 'scope_index', 'devices', 'enroll_codes', 'commerce_events', 'commerce_shadow']

/** Every row of every table as one string (the change positions are in the rows). */
async function dump(db: Database): Promise<string> {
  const parts: string[] = []
  for (const table of TABLES) {
    const { rows } = await db.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM ${table} t ORDER BY 1`)
    parts.push(`${table}:${rows.map(r => r.r).join('\n')}`)
  }
  return parts.join('\n')
}

const storeVisit = (overrides = {}) => makeVisit({ id: 'visit-new', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', ...overrides })
const row = (doc: object, assumed: object | null = null) => [{ newDocumentState: { _deleted: false, ...doc } as unknown as DocIn, assumedMasterState: assumed as DocIn | null }]

describe.each(BACKENDS)('bad input on %s', (backend) => {
  let server: TestServer
  let token: string
  const w = world()
  const placed = makeOrder({ id: 'ord-placed', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })

  beforeAll(async () => {
    server = await startTestServer(backend, { bodyLimit: 256 * 1024 })
    await server.load(w)
    token = (await server.enroll('store-a')).token
    await apiClient(server.url, token).create('orders', [placed])
  })
  afterAll(() => server.close())

  type Case = [name: string, send: () => Promise<{ status: number, body: unknown }>, status: number, code: string]
  const api = () => apiClient(server.url, token)
  const cases: Case[] = [
    ['malformed JSON', () => api().request('POST', '/api/sync/visits/push', '[{"newDocumentState": {'), 400, 'invalid-json'],
    ['a push that is not an array', () => api().request('POST', '/api/sync/visits/push', { not: 'an array' }), 400, 'invalid-request'],
    ['an unknown collection', () => api().pull('payments'), 404, 'unknown-collection'],
    ['a bad checkpoint', () => api().request('GET', '/api/sync/customers/pull?checkpoint=%7Bnope'), 400, 'invalid-request'],
    ['a schema-invalid document', () => api().push('visits', row({ ...storeVisit(), outcome: 'maybe' })), 422, 'invalid-document'],
    ['a document with an unknown field', () => api().push('visits', row({ ...storeVisit(), mood: 'happy' })), 422, 'invalid-document'],
    ['another store\'s visit', () => api().push('visits', row(storeVisit({ storeId: 'store-b', associateId: 'assoc-b1' }))), 403, 'forbidden-store'],
    ['an associate of another store', () => api().push('visits', row(storeVisit({ associateId: 'assoc-b1' }))), 403, 'forbidden'],
    ['a customer outside the store\'s book', () => api().push('customers', row({ ...w.bruno, tags: ['hijacked'] }, w.bruno)), 403, 'out-of-scope'],
    ['another customer\'s cart by id', () => api().push('carts', row(makeCart({ id: 'cus-alice', customerId: 'cus-bruno' }))), 422, 'invalid-document'],
    ['a cart of a customer outside the book', () => api().push('carts', row(makeCart({ id: 'cus-bruno', customerId: 'cus-bruno', items: [] }), w.carts[1]!)), 403, 'out-of-scope'],
    ['a replay of a customer outside the book', () => api().push('customers', row(w.bruno, w.bruno)), 403, 'out-of-scope'],
    ['a write to a server-owned collection', () => api().push('products', row({ id: 'SKU-X' })), 403, 'read-only-collection'],
    ['an edit of a placed order', () => api().push('orders', row({ ...placed, totalMinor: 1, subtotalMinor: 1, lines: [{ ...placed.lines[0]!, unitPriceMinor: 1, totalMinor: 1 }], vatMinor: 0 }, placed)), 409, 'immutable-field'],
    ['a deletion of an interaction', () => api().push('interactions', row({ ...makeInteraction({ storeId: 'store-a', associateId: 'assoc-a1' }), _deleted: true })), 409, 'delete-not-allowed'],
    ['a lifetime value set by a tablet', async () => {
      const alice = (await api().pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
      return api().push('customers', row({ ...alice, lifetimeValueMinor: 1 }, alice))
    }, 409, 'immutable-field'],
    ['a batch with one good and one bad document', () => api().push('visits', [
      { newDocumentState: storeVisit({ id: 'visit-good' }), assumedMasterState: null },
      { newDocumentState: storeVisit({ id: 'visit-bad', storeId: 'store-b' }), assumedMasterState: null },
    ]), 403, 'forbidden-store'],
    ['a wrong token', () => apiClient(server.url, 'not-a-token').pull('customers'), 401, 'unauthorized'],
    ['a missing token', () => apiClient(server.url).pull('customers'), 401, 'unauthorized'],
    ['a missing token on the stream', () => apiClient(server.url).request('GET', '/api/sync/stream'), 401, 'unauthorized'],
    ['a bad HMAC', () => api().commerce({ id: 'evt-bad', type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId: 'cus-alice', items: [] } }, 'wrong-secret'), 401, 'bad-signature'],
    ['an invalid commerce event', () => api().commerce({ id: 'evt-invalid', type: 'cart.updated', occurredAt: 'yesterday', data: {} } as never), 422, 'invalid-event'],
    ['a reused or unknown enrollment code', () => apiClient(server.url).request('POST', '/api/devices/enroll', { code: 'ABCD-EFGH', name: 'x' }), 400, 'invalid-code'],
    ['a NUL byte in a note (hole 5)', () => api().push('interactions', row(makeInteraction({ id: 'int-nul', visitId: 'visit-x', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', type: 'note', sku: null, size: null, text: 'chiamare\u0000' }))), 422, 'invalid-text'],
    ['a lone surrogate in a visit (hole 5)', () => api().request('POST', '/api/sync/visits/push', JSON.stringify(row(storeVisit())).replace('"visit-new"', '"visit-\\ud800"')), 422, 'invalid-text'],
    ['a NUL byte in a key (hole 5)', () => api().request('POST', '/api/sync/visits/push', JSON.stringify(row(storeVisit())).replace('"outcome"', '"out\\u0000come"')), 422, 'invalid-text'],
    ['a NUL byte in a commerce event (hole 5)', () => api().commerce({ id: 'evt-nul', type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId: 'cus-alice\u0000', items: [] } }), 422, 'invalid-text'],
    ['a NUL byte in an online search (hole 5)', () => api().request('POST', '/api/customers/search', { q: 'alice\u0000 rossi' }), 422, 'invalid-text'],
    ['a NUL byte in the address (hole 5)', () => api().request('GET', '/api/customers/cus-%00/audit'), 400, 'invalid-request'],
    ['an oversize body', () => api().request('POST', '/api/sync/visits/push', JSON.stringify([{ newDocumentState: { ...storeVisit(), pad: 'x'.repeat(300 * 1024) }, assumedMasterState: null }])), 413, 'body-too-large'],
  ]

  it.each(cases)('refuses %s with a clear error and changes nothing', async (_name, send, status, code) => {
    const before = await dump(server.db)
    const reply = await send()
    expect(reply.status).toBe(status)
    expect(reply.body).toMatchObject({ error: { code, message: expect.stringMatching(/\w+ \w+/) } })
    expect(await dump(server.db)).toBe(before)
  })

  it('marks every API response as not cacheable, errors included', async () => {
    expect((await api().pull('customers')).headers.get('cache-control')).toBe('no-store')
    expect((await apiClient(server.url).pull('customers')).headers.get('cache-control')).toBe('no-store')
  })

  it('names the field that holds a character the database cannot store, and then takes the corrected push', async () => {
    const bad = makeInteraction({ id: 'int-nul-2', visitId: 'visit-x', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', type: 'note', sku: null, size: null, text: 'chiamare\u0000' })
    const reply = await api().push('interactions', row(bad))
    expect(reply.body).toMatchObject({ error: { code: 'invalid-text', message: expect.stringContaining('/0/newDocumentState/text'), details: { path: '/0/newDocumentState/text' } } })
    expect((await api().push('interactions', row({ ...bad, text: 'chiamare' }))).body).toEqual([])
  })

  it('accepts the good half of a refused batch once it is sent alone', async () => {
    expect((await api().push('visits', row(storeVisit({ id: 'visit-good' })))).body).toEqual([])
    expect(makeCustomer).toBeDefined()
  })
})
