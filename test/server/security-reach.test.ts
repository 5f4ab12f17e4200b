/**
 * Security issue, holes 1, 2, 4, 10 and 11: a tablet's token, or a store's manager, reaches no
 * customer beyond the store's own — no enumeration by search, no pin by id, no erasure or
 * access log of another store's customer, no receipt sent anywhere, no forged audit entry.
 */
import type { Database } from '../../sync-server/storage/db'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { makeCart, makeCustomer, makeOrder, makeVisit } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import type { DocIn } from './client'
import { apiClient } from './client'
import { dumpTables } from './dump'
import { BACKENDS, startTestServer } from './harness'

type Client = ReturnType<typeof apiClient>
type ErrorReply = { error: { code: string, message: string, details?: Record<string, unknown> } }

const TABLES = ['docs', 'book', 'audit_log', 'store_pins', 'receipt_outbox']

const dump = (db: Database) => dumpTables(db, TABLES)

/** Twelve customers of store B named Rossi, for the enumeration attempts. */
const rossis = Array.from({ length: 12 }, (_, i) => makeCustomer({
  id: `cus-rossi-${i}`,
  firstName: `Anna${String.fromCharCode(97 + i)}`,
  lastName: 'Rossi',
  email: `anna.rossi${i}@example.com`,
  phone: `+39 340 000 00${String(i).padStart(2, '0')}`,
  loyaltyId: null,
  homeStoreId: 'store-b',
}))

describe.each(BACKENDS)('what a tablet and a manager can reach, on %s', (backend) => {
  let server: TestServer
  let tabletA: Client
  let tabletA2: Client
  let tabletB: Client
  let giulia: Client
  let sara: Client
  let marta: Client
  const w = world()

  beforeAll(async () => {
    server = await startTestServer(backend, { config: { searchRateLimit: 8, pinRateLimit: 50, resendRateLimit: 3 } })
    const pin = await hashPin('1357', { iterations: 1000 })
    const managerPin = await hashPin('135702', { iterations: 1000 })
    await server.load({
      ...w,
      associates: [
        ...w.associates.map(a => makeAssociate({ ...a, pin })),
        makeAssociate({ id: 'assoc-a2', staffCode: 'A02', displayName: 'Paolo Gialli', pin }),
        makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', displayName: 'Sara Manager', pin: managerPin }),
        makeAssociate({ id: 'mgr-b', storeId: 'store-b', role: 'manager', staffCode: 'B00', displayName: 'Marta Manager', pin: managerPin }),
      ],
      customers: [...w.customers, ...rossis],
    })
    tabletA = apiClient(server.url, (await server.enroll('store-a', 'Cassa A')).token)
    tabletA2 = apiClient(server.url, (await server.enroll('store-a', 'Cassa A2')).token)
    tabletB = apiClient(server.url, (await server.enroll('store-b', 'Cassa B')).token)
    giulia = await tabletA.signIn('assoc-a1', '1357')
    sara = await tabletA.signIn('mgr-a', '135702')
    marta = await tabletB.signIn('mgr-b', '135702')
  })
  afterAll(() => server.close())

  describe('hole 1: a device token alone copies nothing', () => {
    it('refuses online search, pin and receipt resend without a signed-in associate', async () => {
      const before = await dump(server.db)
      for (const [path, body] of [['/api/customers/search', { q: 'bruno verdi' }], ['/api/customers/cus-bruno/pin', { reason: 'visiting' }], ['/api/orders/ord-x/receipt', { email: 'x@example.com' }]] as const) {
        const reply = await tabletA.request<ErrorReply>('POST', path, body)
        expect([path, reply.status, reply.body.error.code]).toEqual([path, 401, 'session-required'])
      }
      expect(await dump(server.db)).toBe(before)
    })

    it('answers a search for "aa", a surname alone or a partial e-mail with a refusal, not with other stores\' customers', async () => {
      for (const q of ['aa', 'rossi', 'an ro', 'anna.rossi@', '@example.com', '340 00']) {
        const reply = await giulia.request<ErrorReply>('POST', '/api/customers/search', { q })
        expect([q, reply.status, reply.body.error.code]).toEqual([q, 400, 'search-too-broad'])
      }
    })

    it('stops 100 searches from one tablet at its limit, and an associate moving to another tablet stays limited', async () => {
      const statuses: number[] = []
      const paolo = await tabletA2.signIn('assoc-a2', '1357')
      for (let i = 0; i < 100; i++)
        statuses.push((await paolo.request('POST', '/api/customers/search', { q: `anna${String.fromCharCode(97 + (i % 12))} rossi` })).status)
      expect(statuses.filter(s => s === 200)).toHaveLength(8)
      expect(statuses.slice(8).every(s => s === 429)).toBe(true)
      // Giulia on that same tablet is stopped by the tablet's limit; on her own tablet she is not.
      const onA2 = await tabletA2.signIn('assoc-a1', '1357')
      expect((await onA2.request('POST', '/api/customers/search', { q: 'bruno verdi' })).status).toBe(429)
    })

    it('pins nothing by id alone: the answer is the one for a customer that does not exist', async () => {
      const before = await dump(server.db)
      const byId = await giulia.request<ErrorReply>('POST', '/api/customers/cus-rossi-3/pin', { reason: 'visiting' })
      const nobody = await giulia.request<ErrorReply>('POST', '/api/customers/cus-nobody/pin', { reason: 'visiting' })
      expect([byId.status, byId.body]).toEqual([nobody.status, nobody.body])
      expect(byId.status).toBe(404)
      expect(await dump(server.db)).toBe(before)
    })

    it('pins a customer of another store found by a search only with a reason, logs it, and shows it to the managers of both stores', async () => {
      const found = await giulia.request<{ customers: { id: string }[] }>('POST', '/api/customers/search', { q: 'bruno verdi' })
      expect(found.body.customers.map(c => c.id)).toEqual(['cus-bruno'])
      const noReason = await giulia.request<ErrorReply>('POST', '/api/customers/cus-bruno/pin', {})
      expect([noReason.status, noReason.body.error.code]).toEqual([400, 'reason-required'])
      const pinned = await giulia.request('POST', '/api/customers/cus-bruno/pin', { reason: 'visiting' })
      expect(pinned.body).toEqual({ customerId: 'cus-bruno', storeId: 'store-a', pinned: true, alreadyInBook: false })
      for (const manager of [sara, marta]) {
        const { body } = await manager.request<{ pins: unknown[] }>('GET', '/api/pins')
        expect(body.pins).toEqual([expect.objectContaining({ customerId: 'cus-bruno', customerName: 'Bruno Verdi', fromStoreId: 'store-b', toStoreId: 'store-a', associateId: 'assoc-a1', associateName: 'Giulia Bianchi', reason: 'visiting' })])
      }
      const log = await marta.request<{ entries: { action: string, associateId: string, detail: string }[] }>('GET', '/api/customers/cus-bruno/audit')
      expect(log.body.entries.find(e => e.action === 'pin')).toMatchObject({ associateId: 'assoc-a1', detail: 'to store-a from store-b: visiting' })
    })
  })

  describe('hole 2: a pin does not widen a manager\'s reach', () => {
    it('keeps the access log and the erasure of a customer pinned from another store from the pinning store\'s manager', async () => {
      const before = await dump(server.db)
      const log = await sara.request<ErrorReply>('GET', '/api/customers/cus-bruno/audit')
      const erase = await sara.request<ErrorReply>('POST', '/api/customers/cus-bruno/erase', { confirmShared: true })
      const nobody = await sara.request<ErrorReply>('GET', '/api/customers/cus-nobody/audit')
      expect([log.status, log.body]).toEqual([nobody.status, nobody.body])
      expect([erase.status, erase.body.error.code]).toEqual([404, 'not-found'])
      expect(await dump(server.db)).toBe(before)
    })

    it('erases a customer other stores also serve only on a second, deliberate confirmation, and logs which stores', async () => {
      const before = await dump(server.db)
      const first = await marta.request<ErrorReply>('POST', '/api/customers/cus-bruno/erase', {})
      expect([first.status, first.body.error.code, first.body.error.details]).toEqual([409, 'customer-shared', { stores: ['store-a'] }])
      expect(await dump(server.db)).toBe(before)
      const confirmed = await marta.request('POST', '/api/customers/cus-bruno/erase', { confirmShared: true })
      expect(confirmed.body).toEqual({ customerId: 'cus-bruno', erased: true })
      const log = await marta.request<{ entries: { action: string, associateId: string, detail: string }[] }>('GET', '/api/customers/cus-bruno/audit')
      expect(log.body.entries[0]).toMatchObject({ action: 'erase', associateId: 'mgr-b', detail: 'also served by store-a' })
    })
  })

  describe('hole 4: a receipt goes to one address, by a signed-in associate, on the record', () => {
    const sale = (id: string, email: string) => makeOrder({ id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', receipt: { email, language: 'it', status: 'queued', reason: null, sentAt: null } })

    it('refuses a pushed sale whose receipt address is a list or not an address, and changes nothing', async () => {
      const before = await dump(server.db)
      for (const email of ['alice@example.com, eve@example.org', 'alice@example.com;eve@example.org', 'Alice <alice@example.com>', 'not an address']) {
        const reply = await tabletA.push('orders', [{ newDocumentState: { ...sale('ord-two', email), _deleted: false } as DocIn, assumedMasterState: null }])
        expect([email, reply.status, (reply.body as unknown as ErrorReply).error.code]).toEqual([email, 422, 'invalid-document'])
      }
      expect(await dump(server.db)).toBe(before)
    })

    it('resends to a corrected address with the old and the new one in the log, half-hidden, then stops at the limit', async () => {
      await tabletA.create('orders', [sale('ord-resend', 'alice@example.com')])
      const list = await giulia.request<ErrorReply>('POST', '/api/orders/ord-resend/receipt', { email: 'a@example.com,b@example.com' })
      expect([list.status, list.body.error.code]).toEqual([400, 'invalid-request'])
      expect((await giulia.request('POST', '/api/orders/ord-resend/receipt', { email: 'alice.rossi@example.org' })).status).toBe(200)
      const log = await sara.request<{ entries: { action: string, associateId: string, detail: string }[] }>('GET', '/api/customers/cus-alice/audit')
      expect(log.body.entries.find(e => e.action === 'receipt')).toMatchObject({ associateId: 'assoc-a1', detail: 'orders:ord-resend to ali•••@example.org (was ali•••@example.com)' })
      const statuses = []
      for (let i = 0; i < 4; i++)
        statuses.push((await giulia.request('POST', '/api/orders/ord-resend/receipt', { email: 'alice.rossi@example.org' })).status)
      expect(statuses).toEqual([200, 200, 429, 429])
    })

    it('forgets the addresses in the log when the customer is erased, and keeps who resent', async () => {
      expect((await sara.request('POST', '/api/customers/cus-alice/erase', {})).status).toBe(200)
      const { rows } = await server.db.query<{ detail: string, associate_id: string }>(`SELECT detail, associate_id FROM audit_log WHERE customer_id = 'cus-alice' AND action = 'receipt'`)
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.every(r => r.detail === 'orders:ord-resend' && r.associate_id === 'assoc-a1')).toBe(true)
    })
  })

  describe('hole 10: managers\' PINs are long', () => {
    it('opens no manager session with a four-digit PIN', async () => {
      await server.load({ associates: [makeAssociate({ id: 'mgr-short', role: 'manager', staffCode: 'A09', displayName: 'Old Manager', pin: await hashPin('4321', { iterations: 1000 }) })] })
      const reply = await tabletA.request<ErrorReply>('POST', '/api/sessions', { associateId: 'mgr-short', pin: '4321' })
      expect([reply.status, reply.body.error.code]).toEqual([422, 'pin-too-short'])
    })
  })

  describe('hole 11: an answer never tells which customer ids exist', () => {
    it('gives a push naming another store\'s customer the answer it gives for an id nobody has', async () => {
      const before = await dump(server.db)
      const pushes = (customerId: string) => [
        tabletA.push('customers', [{ newDocumentState: { ...makeCustomer({ id: customerId, homeStoreId: 'store-a', lifetimeValueMinor: 0 }), _deleted: false } as DocIn, assumedMasterState: null }]),
        tabletA.push('carts', [{ newDocumentState: { ...makeCart({ id: customerId, customerId }), _deleted: false } as DocIn, assumedMasterState: null }]),
        tabletA.push('visits', [{ newDocumentState: { ...makeVisit({ id: `visit-probe-${customerId}`, storeId: 'store-a', associateId: 'assoc-a1', customerId }), _deleted: false } as DocIn, assumedMasterState: null }]),
      ]
      const existing = await Promise.all(pushes('cus-rossi-5'))
      const nobody = await Promise.all(pushes('cus-rossi-99'))
      const answer = (r: { status: number, body: unknown }) => [r.status, (r.body as ErrorReply).error.code, (r.body as ErrorReply).error.message.replace(/cus-rossi-\d+/, 'ID')]
      expect(existing.map(answer)).toEqual(nobody.map(answer))
      expect(existing.map(answer)[0]).toEqual([403, 'out-of-scope', 'Customer ID is not in this store\'s book: pin the customer first.'])
      expect(await dump(server.db)).toBe(before)
    })
  })

  describe('hole 11: audit entries carry the server\'s time and the session\'s associate', () => {
    it('refuses a profile view in another associate\'s name, and dates the session\'s own at the server\'s time', async () => {
      const before = await dump(server.db)
      const forged = await giulia.request<ErrorReply>('POST', '/api/audit/views', { views: [{ id: 'v-forged', customerId: 'cus-alice', associateId: 'assoc-a2', at: '2025-01-01T00:00:00.000Z' }] })
      expect([forged.status, forged.body.error.code]).toEqual([403, 'forbidden'])
      const anonymous = await tabletA.request<ErrorReply>('POST', '/api/audit/views', { views: [{ id: 'v-anon', customerId: 'cus-alice', associateId: 'assoc-a1', at: '2025-01-01T00:00:00.000Z' }] })
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'session-required'])
      expect(await dump(server.db)).toBe(before)
      const sent = Date.now()
      expect((await giulia.request('POST', '/api/audit/views', { views: [{ id: 'v-past', customerId: 'cus-alice', associateId: 'assoc-a1', at: '2025-01-01T00:00:00.000Z' }] })).status).toBe(200)
      const log = await sara.request<{ entries: { action: string, at: string, associateId: string }[] }>('GET', '/api/customers/cus-alice/audit')
      const view = log.body.entries.find(e => e.action === 'view')!
      expect(view.associateId).toBe('assoc-a1')
      expect(Date.parse(view.at)).toBeGreaterThanOrEqual(sent - 2000)
    })
  })
})
