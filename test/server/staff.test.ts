/**
 * Issue 29, staff run by the store's manager: a new member of staff with their own first PIN
 * signs in at once (online, and offline through their wrap of the book key); deactivated, their
 * session ends at once and they cannot sign in; reactivated, they can; a new PIN replaces the
 * old one everywhere (the old one is refused online, and the wrap the tablets sync opens with the
 * new PIN only). An associate, another store's manager or a bad PIN changes nothing.
 */
import type { AssociateDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBookKeyWrap } from '../../src/shared/book-key'
import { readStoreLog } from '../../sync-server/audit/store-log'
import { hashPin } from '../../sync-server/auth/pin'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, openTestDatabase, startTestServer } from './harness'

interface Member { id: string, displayName: string, staffCode: string, role: string, active: boolean }

describe.each(BACKENDS)('the store\'s staff, run by its manager, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let tabletB: ReturnType<typeof apiClient>
  let manager = ''
  let newcomer: Member
  const signIn = (associateId: string, pin: string, on = tablet) => on.request<{ token: string }>('POST', '/api/sessions', { associateId, pin })
  const as = (token: string) => ({ 'X-Associate-Session': token })
  const synced = async (id: string) => (await tablet.pullAll('associates')).documents.find(a => a.id === id) as unknown as AssociateDoc

  beforeAll(async () => {
    server = await startTestServer(backend, { db: await openTestDatabase(backend), config: { pinIterations: 1000 } })
    const w = world()
    const pin = await hashPin('135702', { iterations: 1000 })
    await server.load({ ...w, associates: [
      makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', pin }),
      makeAssociate({ id: 'assoc-a1', staffCode: 'A01', pin: await hashPin('1357', { iterations: 1000 }) }),
      makeAssociate({ id: 'mgr-b', storeId: 'store-b', role: 'manager', staffCode: 'B00', pin }),
    ] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    tabletB = apiClient(server.url, (await server.enroll('store-b')).token)
    manager = (await signIn('mgr-a', '135702')).body.token
  })
  afterAll(() => server.close())

  it('adds a member of staff whose own PIN works at once, online and in the wrap the tablets sync', async () => {
    const reply = await tablet.request<{ associate: Member }>('POST', '/api/staff', { displayName: 'Sara Neri', staffCode: 'a07', role: 'associate', specialties: ['bridal'], pin: '4826' }, as(manager))
    expect(reply.status).toBe(201)
    newcomer = reply.body.associate
    expect(newcomer).toMatchObject({ displayName: 'Sara Neri', staffCode: 'A07', role: 'associate', active: true })
    expect(JSON.stringify(reply.body)).not.toMatch(/4826|hash|salt/)
    const doc = await synced(newcomer.id)
    expect(doc).toMatchObject({ storeId: 'store-a', specialties: ['bridal'], active: true })
    expect(JSON.stringify(doc)).not.toContain('4826')
    expect(await openBookKeyWrap(doc.bookKey!, '4826', doc.pin)).not.toBeNull()
    expect((await signIn(newcomer.id, '4826')).status).toBe(201)
  })

  it.each([
    ['a staff code already taken', { staffCode: 'A01', pin: '4826' }, 409],
    ['a manager with a four-digit PIN', { role: 'manager', staffCode: 'A08', pin: '4826' }, 422],
    ['no name', { displayName: '', staffCode: 'A09', pin: '4826' }, 400],
  ])('refuses %s and adds no one', async (_, change, status) => {
    const before = (await tablet.pullAll('associates')).documents.length
    const reply = await tablet.request('POST', '/api/staff', { displayName: 'Nuovo', role: 'associate', specialties: [], ...change }, as(manager))
    expect(reply.status).toBe(status)
    expect((await tablet.pullAll('associates')).documents.length).toBe(before)
  })

  it('ends a deactivated member\'s session at once and refuses their PIN, until reactivated', async () => {
    const session = (await signIn(newcomer.id, '4826')).body.token
    expect((await tablet.request('GET', '/api/sessions/current', undefined, as(session))).status).toBe(200)
    expect((await tablet.request('POST', `/api/staff/${newcomer.id}/deactivate`, {}, as(manager))).status).toBe(200)
    expect((await tablet.request('GET', '/api/sessions/current', undefined, as(session))).status).toBe(401)
    expect((await signIn(newcomer.id, '4826')).status).toBe(401)
    expect((await synced(newcomer.id)).active).toBe(false)
    expect((await tablet.request('POST', `/api/staff/${newcomer.id}/reactivate`, {}, as(manager))).status).toBe(200)
    expect((await signIn(newcomer.id, '4826')).status).toBe(201)
  })

  it('gives a forgetful member a new PIN: the old one opens nothing, online or in the synced wrap', async () => {
    expect((await tablet.request('POST', `/api/staff/${newcomer.id}/pin`, { pin: '12' }, as(manager))).status).toBe(422)
    expect((await tablet.request('POST', `/api/staff/${newcomer.id}/pin`, { pin: '7391' }, as(manager))).status).toBe(200)
    expect((await signIn(newcomer.id, '4826')).status).toBe(401)
    expect((await signIn(newcomer.id, '7391')).status).toBe(201)
    const doc = await synced(newcomer.id)
    expect(await openBookKeyWrap(doc.bookKey!, '7391', doc.pin)).not.toBeNull()
    expect(await openBookKeyWrap(doc.bookKey!, '4826', doc.pin)).toBeNull()
  })

  it('refuses an associate, another store\'s manager and a manager deactivating themselves', async () => {
    const associate = (await signIn('assoc-a1', '1357')).body.token
    expect((await tablet.request('POST', `/api/staff/${newcomer.id}/deactivate`, {}, as(associate))).status).toBe(403)
    const other = (await signIn('mgr-b', '135702', tabletB)).body.token
    expect((await tabletB.request('POST', `/api/staff/${newcomer.id}/deactivate`, {}, as(other))).status).toBe(404)
    expect((await tabletB.request('POST', `/api/staff/${newcomer.id}/pin`, { pin: '1111' }, as(other))).status).toBe(404)
    expect((await tablet.request('POST', '/api/staff/mgr-a/deactivate', {}, as(manager))).status).toBe(400)
    expect((await synced(newcomer.id)).active).toBe(true)
  })

  it('keeps each change in the store\'s log with who made it', async () => {
    const log = await readStoreLog(server.db, 'store-a')
    expect(log.map(r => [r.action, r.subject, r.associateId]).reverse()).toEqual([
      ['staff-add', newcomer.id, 'mgr-a'],
      ['staff-deactivate', newcomer.id, 'mgr-a'],
      ['staff-reactivate', newcomer.id, 'mgr-a'],
      ['pin-reset', newcomer.id, 'mgr-a'],
    ])
  })

  it('lets an area manager run the staff of the stores head office granted them, from their own store\'s tablet, and no other', async () => {
    const area = (await signIn('mgr-b', '135702', tabletB)).body.token
    await server.db.query('INSERT INTO manager_stores (associate_id, store_id) VALUES ($1, $2)', ['mgr-b', 'store-a'])
    const stores = await tabletB.request<{ stores: { id: string, own: boolean }[] }>('GET', '/api/staff/stores', undefined, as(area))
    expect(stores.body.stores.map(s => [s.id, s.own]).sort()).toEqual([['store-a', false], ['store-b', true]])
    const listed = await tabletB.request<{ staff: Member[] }>('GET', '/api/staff?store=store-a', undefined, as(area))
    expect(listed.body.staff.map(m => m.staffCode)).toEqual(expect.arrayContaining(['A00', 'A01', 'A07']))
    const added = await tabletB.request<{ associate: Member }>('POST', '/api/staff', { displayName: 'Elena Riva', staffCode: 'A20', role: 'associate', specialties: [], pin: '2468', storeId: 'store-a' }, as(area))
    expect(added.status).toBe(201)
    expect((await synced(added.body.associate.id)).storeId).toBe('store-a')
    expect((await tabletB.request('POST', `/api/staff/${newcomer.id}/deactivate`, {}, as(area))).status).toBe(200)
    expect((await synced(newcomer.id)).active).toBe(false)
    const [last] = await readStoreLog(server.db, 'store-a')
    expect([last?.action, last?.associateId]).toEqual(['staff-deactivate', 'mgr-b'])
    // Store A's manager was granted nothing: store B stays closed to them.
    expect((await tablet.request('GET', '/api/staff?store=store-b', undefined, as(manager))).status).toBe(403)
    expect((await tablet.request('POST', '/api/staff', { displayName: 'X', staffCode: 'B20', role: 'associate', specialties: [], pin: '2468', storeId: 'store-b' }, as(manager))).body).toMatchObject({ error: { code: 'forbidden-store' } })
    expect((await tablet.request('POST', '/api/staff/mgr-b/pin', { pin: '246813' }, as(manager))).status).toBe(404)
  })
})
