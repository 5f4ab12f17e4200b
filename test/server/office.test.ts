/**
 * Issue 29, head office: an admin account made with the CLI's function signs in with its
 * login and password (kept only as a hash), opens a store that a tablet then enrolls into,
 * gives it a first manager who signs in there, and grants an area manager a second store —
 * taken back, that access ends at once. Everything lands in the store's log with the account;
 * no session, a tablet's token or a wrong password changes nothing.
 */
import type { NewStore, OfficeManager, OfficeStore } from '../../src/shared/endpoints'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStoreLog } from '../../sync-server/audit/store-log'
import { hashPin } from '../../sync-server/auth/pin'
import { createOfficeAccount } from '../../sync-server/office/accounts'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, openTestDatabase, startTestServer } from './harness'

const newStore = (overrides: Partial<NewStore> = {}): NewStore => ({
  id: 'store-bologna-centro',
  name: 'Bologna Centro',
  address: { line1: 'Via dell\'Indipendenza 12', city: 'Bologna', postalCode: '40121', province: 'BO', country: 'IT' },
  timezone: 'Europe/Rome',
  currency: 'EUR',
  vatRateBp: 2200,
  phone: '+39 051 000 0000',
  email: 'bologna@example.com',
  ...overrides,
})

describe.each(BACKENDS)('head office\'s admin, on %s', (backend) => {
  let server: TestServer
  let password = ''
  let token = ''
  const call = <T>(method: string, path: string, body?: unknown, session: string | null = token) => fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(session ? { 'X-Office-Session': session } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async r => ({ status: r.status, body: (r.status === 204 ? null : await r.json()) as T & { error?: { code: string, message: string } } }))
  const signIn = (login: string, pass: string) => call<{ token: string }>('POST', '/api/office/sessions', { login, password: pass }, null)

  beforeAll(async () => {
    server = await startTestServer(backend, { db: await openTestDatabase(backend), config: { pinIterations: 1000 } })
    const w = world()
    await server.load({ ...w, associates: [
      makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', pin: await hashPin('135702', { iterations: 1000 }) }),
    ] })
    password = (await createOfficeAccount(server.db, { login: 'Laura.Sede', displayName: 'Laura Sede', role: 'admin' }, 1000)).password
  })
  afterAll(() => server.close())

  it('keeps only a hash of the password, and signs in with it, whatever the login\'s case', async () => {
    expect(password).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/)
    const { rows } = await server.db.query<{ password: unknown }>('SELECT password FROM office_accounts WHERE login = $1', ['laura.sede'])
    expect(JSON.stringify(rows[0]!.password)).not.toContain(password)
    const reply = await signIn('LAURA.SEDE', password)
    expect(reply.status).toBe(201)
    token = reply.body.token
  })

  it('answers a wrong password and an unknown login alike, and a tablet\'s token or no session with 401', async () => {
    const wrong = await signIn('laura.sede', 'AAAAA-AAAAA-AAAAA-AAAAA')
    const unknown = await signIn('nobody', password)
    expect([wrong.status, unknown.status, wrong.body.error?.message]).toEqual([401, 401, unknown.body.error?.message])
    expect((await call('GET', '/api/office/stores', undefined, null)).status).toBe(401)
    const tablet = await server.enroll('store-a')
    const withTablet = await fetch(`${server.url}/api/office/stores`, { headers: { Authorization: `Bearer ${tablet.token}` } })
    expect(withTablet.status).toBe(401)
  })

  it('opens a store, and makes the code its first tablet enrolls with to receive it', async () => {
    const reply = await call<{ store: { id: string } }>('POST', '/api/office/stores', newStore())
    expect([reply.status, reply.body.store]).toEqual([201, { id: 'store-bologna-centro', name: 'Bologna Centro' }])
    const code = await call<{ code: string }>('POST', '/api/office/stores/store-bologna-centro/codes', {})
    expect(code.status).toBe(201)
    const enrolled = await fetch(`${server.url}/api/devices/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: code.body.code, name: 'Cassa 1' }) })
    const { token: deviceToken, storeId } = await enrolled.json() as { token: string, storeId: string }
    expect(storeId).toBe('store-bologna-centro')
    const tablet = apiClient(server.url, deviceToken)
    expect((await tablet.pullAll('stores')).documents.map(s => s.id)).toContain('store-bologna-centro')
    const listed = await call<{ stores: OfficeStore[] }>('GET', '/api/office/stores')
    expect(listed.body.stores.find(s => s.id === 'store-bologna-centro')).toMatchObject({ city: 'Bologna', managers: [] })
  })

  it.each([
    ['an id taken', newStore(), 409, 'already-decided'],
    ['an id that is not one', newStore({ id: 'Bologna Centro!' }), 400, 'invalid-request'],
    ['a time zone that does not exist', newStore({ id: 'store-x1', timezone: 'Mars/Base' }), 422, 'invalid-document'],
    ['no name', newStore({ id: 'store-x2', name: '' }), 422, 'invalid-document'],
  ])('refuses a store with %s and opens nothing', async (_, body, status, code) => {
    const before = (await call<{ stores: OfficeStore[] }>('GET', '/api/office/stores')).body.stores.length
    const reply = await call('POST', '/api/office/stores', body)
    expect([reply.status, reply.body.error?.code]).toEqual([status, code])
    expect((await call<{ stores: OfficeStore[] }>('GET', '/api/office/stores')).body.stores.length).toBe(before)
  })

  it('gives the new store its first manager, with a six-digit PIN, who signs in on its tablet', async () => {
    const short = await call('POST', '/api/office/stores/store-bologna-centro/managers', { displayName: 'Paolo Neri', staffCode: 'bo01', pin: '4826' })
    expect(short.status).toBe(422)
    const reply = await call<{ manager: { id: string, role: string } }>('POST', '/api/office/stores/store-bologna-centro/managers', { displayName: 'Paolo Neri', staffCode: 'bo01', pin: '482615' })
    expect([reply.status, reply.body.manager.role]).toEqual([201, 'manager'])
    const tablet = apiClient(server.url, (await server.enroll('store-bologna-centro')).token)
    expect((await tablet.request('POST', '/api/sessions', { associateId: reply.body.manager.id, pin: '482615' })).status).toBe(201)
    expect((await call('POST', '/api/office/stores/store-nowhere/managers', { displayName: 'X', staffCode: 'X1', pin: '482615' })).status).toBe(404)
  })

  it('grants an area manager a second store, and taking it back ends their access at once', async () => {
    const managers = (await call<{ managers: OfficeManager[] }>('GET', '/api/office/managers')).body.managers
    const paolo = managers.find(m => m.staffCode === 'BO01')!
    const tablet = apiClient(server.url, (await server.enroll('store-bologna-centro')).token)
    const session = (await tablet.request<{ token: string }>('POST', '/api/sessions', { associateId: paolo.id, pin: '482615' })).body.token
    const staffOfA = () => tablet.request('GET', '/api/staff?store=store-a', undefined, { 'X-Associate-Session': session })
    expect((await staffOfA()).status).toBe(403)
    expect((await call<{ stores: string[] }>('PUT', `/api/office/managers/${paolo.id}/stores`, { stores: ['store-a', 'store-bologna-centro'] })).body.stores).toEqual(['store-a'])
    expect((await staffOfA()).status).toBe(200)
    const listed = (await call<{ stores: OfficeStore[] }>('GET', '/api/office/stores')).body.stores.find(s => s.id === 'store-a')
    expect(listed?.areaManagers.map(m => m.id)).toEqual([paolo.id])
    expect((await call('PUT', `/api/office/managers/${paolo.id}/stores`, { stores: ['store-nowhere'] })).status).toBe(422)
    await call('PUT', `/api/office/managers/${paolo.id}/stores`, { stores: [] })
    expect((await staffOfA()).status).toBe(403)
  })

  it('logs each change in the store\'s log with the head-office account', async () => {
    const bologna = (await readStoreLog(server.db, 'store-bologna-centro')).map(r => [r.action, r.detail, !!r.officeAccountId]).reverse()
    expect(bologna.slice(0, 3)).toEqual([['store-create', null, true], ['enroll-code', 'office', true], ['staff-add', 'manager', true]])
    expect((await readStoreLog(server.db, 'store-a')).slice(0, 2).map(r => r.action)).toEqual(['area-revoke', 'area-grant'])
  })

  it('ends the session on sign-out, and slows down someone guessing a login\'s password', async () => {
    expect((await call('DELETE', '/api/office/sessions/current')).status).toBe(204)
    expect((await call('GET', '/api/office/stores')).status).toBe(401)
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await signIn('guessed.login', `WRONG-${i}`)).status)
    expect(statuses.at(-1)).toBe(429)
  })
})
