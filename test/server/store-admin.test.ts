/**
 * Issue 29, the store run from the manager area: a manager makes an enrollment code for their
 * store (shown once), sees the pending ones and cancels one, which then enrolls nothing;
 * another store's manager, an associate's session or a tablet alone cannot; each change is in
 * the store's log with who did it.
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStoreLog } from '../../sync-server/audit/store-log'
import { hashPin } from '../../sync-server/auth/pin'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

interface Issued { id: string, code: string, expiresAt: string }

describe.each(BACKENDS)('enrollment codes from the manager area, on %s', (backend) => {
  let server: TestServer
  let tabletA: ReturnType<typeof apiClient>
  let tabletB: ReturnType<typeof apiClient>
  let managerA = ''
  let managerB = ''
  let associateA = ''
  const session = async (tablet: ReturnType<typeof apiClient>, associateId: string, pin: string) => (await tablet.request<{ token: string }>('POST', '/api/sessions', { associateId, pin })).body.token
  const as = (token: string) => ({ 'X-Associate-Session': token })
  const enroll = (code: string) => fetch(`${server.url}/api/devices/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'Nuovo tablet' }) })

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    const managerPin = await hashPin('135702', { iterations: 1000 })
    await server.load({ ...w, associates: [
      makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', pin: managerPin }),
      makeAssociate({ id: 'assoc-a1', pin: await hashPin('1357', { iterations: 1000 }) }),
      makeAssociate({ id: 'mgr-b', storeId: 'store-b', role: 'manager', staffCode: 'B00', pin: managerPin }),
    ] })
    tabletA = apiClient(server.url, (await server.enroll('store-a')).token)
    tabletB = apiClient(server.url, (await server.enroll('store-b')).token)
    managerA = await session(tabletA, 'mgr-a', '135702')
    managerB = await session(tabletB, 'mgr-b', '135702')
    associateA = await session(tabletA, 'assoc-a1', '1357')
  })
  afterAll(() => server.close())

  it('makes a code for the manager\'s store that enrolls one tablet there, and lists it until it is used', async () => {
    const made = await tabletA.request<Issued>('POST', '/api/devices/codes', {}, as(managerA))
    expect(made.status).toBe(201)
    expect(made.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const pending = await tabletA.request<{ codes: { id: string, createdBy: string }[] }>('GET', '/api/devices/codes', undefined, as(managerA))
    expect(pending.body.codes).toMatchObject([{ id: made.body.id, createdBy: 'mgr-a' }])
    // The list never shows a code again: only its id and dates.
    expect(JSON.stringify(pending.body)).not.toContain(made.body.code)
    const enrolled = await enroll(made.body.code)
    expect([enrolled.status, (await enrolled.json() as { storeId: string }).storeId]).toEqual([201, 'store-a'])
    expect((await tabletA.request<{ codes: unknown[] }>('GET', '/api/devices/codes', undefined, as(managerA))).body.codes).toEqual([])
  })

  it('cancels a pending code, which then enrolls nothing; another store\'s manager cannot cancel it', async () => {
    const made = (await tabletA.request<Issued>('POST', '/api/devices/codes', {}, as(managerA))).body
    expect((await tabletB.request('POST', `/api/devices/codes/${made.id}/cancel`, {}, as(managerB))).status).toBe(404)
    expect((await tabletA.request('POST', `/api/devices/codes/${made.id}/cancel`, {}, as(managerA))).status).toBe(200)
    expect((await enroll(made.code)).status).toBe(400)
    expect((await tabletA.request('POST', `/api/devices/codes/${made.id}/cancel`, {}, as(managerA))).status).toBe(404)
  })

  it('gives another store\'s manager codes for their own store only, and refuses an associate and a tablet alone', async () => {
    const made = (await tabletB.request<Issued>('POST', '/api/devices/codes', {}, as(managerB))).body
    expect((await (await enroll(made.code)).json() as { storeId: string }).storeId).toBe('store-b')
    expect((await tabletA.request('POST', '/api/devices/codes', {}, as(associateA))).status).toBe(403)
    expect((await tabletA.request('GET', '/api/devices/codes', undefined, as(associateA))).status).toBe(403)
    expect((await tabletA.request('POST', '/api/devices/codes', {})).status).toBe(401)
  })

  it('keeps each change in the store\'s log with who made it', async () => {
    const log = await readStoreLog(server.db, 'store-a')
    expect(log.map(r => [r.action, r.associateId])).toEqual([['enroll-code-cancel', 'mgr-a'], ['enroll-code', 'mgr-a'], ['enroll-code', 'mgr-a']])
  })
})
