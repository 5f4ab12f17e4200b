/**
 * Issue 24: a new tablet signs in before its customers have arrived, and its lookup asks the
 * server for the store's own book meanwhile: found as the tablet's own lookup finds (a
 * surname's first letters, a whole e-mail or phone in any spelling, a loyalty card's start),
 * never a customer outside the store's book, with a clear error for bad input and a limit
 * per tablet. Opening a customer found so brings their document, cart and wishlist at once.
 */
import type { TestServer } from './harness'
import type { BookSearchHit } from '../../src/shared/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('the store\'s book searched by the server, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const found = async (q: string) => {
    const reply = await tablet.request<{ customers: BookSearchHit[] }>('POST', '/api/customers/book-search', { q })
    expect(reply.status).toBe(200)
    return reply.body.customers.map(c => c.id)
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(world())
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(() => server.close())

  it('finds a customer of the store by a surname\'s first letters, an e-mail, a phone typed another way and a loyalty card\'s start', async () => {
    expect(await found('ros')).toContain('cus-alice')
    expect(await found('alice ross')).toContain('cus-alice')
    expect(await found('ALICE@example.com')).toEqual(['cus-alice'])
    expect(await found('333 100 0001')).toEqual(['cus-alice'])
    expect(await found('loy-1000')).toContain('cus-alice')
  })

  it('answers with what the lookup\'s list shows of a local customer', async () => {
    const reply = await tablet.request<{ customers: BookSearchHit[] }>('POST', '/api/customers/book-search', { q: 'alice@example.com' })
    expect(reply.body.customers[0]).toMatchObject({ id: 'cus-alice', firstName: 'Alice', lastName: 'Rossi', email: 'alice@example.com', nameKey: 'rosi alice' })
  })

  it('never finds a customer outside the store\'s book', async () => {
    expect(await found('verdi')).toEqual([])
    expect(await found('bruno@example.com')).toEqual([])
    expect(await found('LOY-100002')).toEqual([])
  })

  it('refuses a request without the text typed, and one without the tablet\'s token', async () => {
    const bad = await tablet.request<{ error: { code: string } }>('POST', '/api/customers/book-search', {})
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid-request')
    const anonymous = await apiClient(server.url, 'not-a-token').request<{ error: { code: string } }>('POST', '/api/customers/book-search', { q: 'ros' })
    expect(anonymous.status).toBe(401)
  })

  it('brings the customer, their cart and wishlist with the history of a profile opened before they arrived, and not with the older history', async () => {
    type History = { customer: { id: string } | null, cart: { id: string } | null, wishlist: { id: string } | null }
    const inWindow = await tablet.request<History>('GET', '/api/customers/cus-alice/history')
    expect([inWindow.body.customer?.id, inWindow.body.cart?.id, inWindow.body.wishlist?.id]).toEqual(['cus-alice', 'cus-alice', 'cus-alice'])
    const older = await tablet.request<History>('GET', '/api/customers/cus-alice/history?older=1')
    expect([older.body.customer, older.body.cart, older.body.wishlist]).toEqual([null, null, null])
  })

  it('limits how often one tablet searches', async () => {
    const other = apiClient(server.url, (await server.enroll('store-a')).token)
    const codes: number[] = []
    for (let i = 0; i < 121; i++)
      codes.push((await other.request('POST', '/api/customers/book-search', { q: 'zz' })).status)
    expect(codes.slice(0, 120).every(c => c === 200)).toBe(true)
    expect(codes[120]).toBe(429)
  })
})
