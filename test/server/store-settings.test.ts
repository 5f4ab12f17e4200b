/**
 * Issue 29: the manager's settings screen saves the store's settings (lapsed-client days,
 * quiet hours, contact pressure, attribution window, inactivity lock) in one go; the server
 * checks the screen's limits, the store's tablets receive them, and the store's log says who
 * changed which. Anything out of range, an associate's session, a tablet alone or another
 * store's manager changes nothing.
 */
import type { StoreDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../src/domain/store-settings'
import { readStoreLog } from '../../sync-server/audit/store-log'
import { hashPin } from '../../sync-server/auth/pin'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

type Reply = { settings: StoreDoc['settings'], error?: { code: string, message: string } }
const settings = (overrides: Partial<typeof DEFAULT_SETTINGS> = {}) => ({ ...DEFAULT_SETTINGS, ...overrides })

describe.each(BACKENDS)('the store\'s settings, saved by its manager, on %s', (backend) => {
  let server: TestServer
  let tabletA: ReturnType<typeof apiClient>
  let tabletB: ReturnType<typeof apiClient>
  const session = async (tablet: ReturnType<typeof apiClient>, associateId: string, pin: string) => (await tablet.request<{ token: string }>('POST', '/api/sessions', { associateId, pin })).body.token
  const save = (body: unknown, token?: string, tablet = tabletA) => tablet.request<Reply>('PUT', '/api/store/settings', body, token ? { 'X-Associate-Session': token } : {})
  const storeA = async () => (await tabletA.pullAll('stores')).documents.find(s => s.id === 'store-a') as unknown as StoreDoc
  let manager = ''

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    await server.load({ ...w, associates: [
      ...w.associates.filter(a => a.storeId !== 'store-a' && a.role !== 'manager'),
      makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', pin: await hashPin('135702', { iterations: 1000 }) }),
      makeAssociate({ id: 'assoc-a1', pin: await hashPin('1357', { iterations: 1000 }) }),
      makeAssociate({ id: 'mgr-b', storeId: 'store-b', role: 'manager', staffCode: 'B00', pin: await hashPin('246813', { iterations: 1000 }) }),
    ] })
    tabletA = apiClient(server.url, (await server.enroll('store-a')).token)
    tabletB = apiClient(server.url, (await server.enroll('store-b')).token)
    manager = await session(tabletA, 'mgr-a', '135702')
  })
  afterAll(() => server.close())

  it('saves every setting at once, the store\'s tablets receive them, and the log names the ones changed', async () => {
    const chosen = settings({ lapsedDays: 60, quietHours: { from: '21:00', to: '08:30' }, inactivityMinutes: 5 })
    const reply = await save({ settings: chosen }, manager)
    expect([reply.status, reply.body.settings]).toEqual([200, chosen])
    expect((await storeA()).settings).toEqual(chosen)
    const [last] = await readStoreLog(server.db, 'store-a')
    expect(last).toMatchObject({ action: 'settings', associateId: 'mgr-a', detail: 'lapsedDays,quietHours,inactivityMinutes' })
  })

  it.each([
    ['an inactivity lock of an hour', { inactivityMinutes: 60 }, 'Minutes before a tablet locks: a whole number from 1 to 30.'],
    ['half a day', { lapsedDays: 30.5 }, 'Days before a top client counts as lapsed: a whole number from 7 to 730.'],
    ['a negative contact limit', { contactsPerWeek: -1 }, 'Messages a customer may receive per week: a whole number from 0 to 50.'],
    ['an attribution window of a year', { attributionDays: 365 }, 'Days an outreach counts towards a sale: a whole number from 1 to 90.'],
    ['a quiet time that is not a time', { quietHours: { from: '25:00', to: '08:00' } }, 'Quiet hours: times are HH:MM, 00:00 to 23:59.'],
    ['quiet hours that start when they end', { quietHours: { from: '21:00', to: '21:00' } }, 'Quiet hours: the start and the end are the same time.'],
    ['a number sent as text', { contactsPerWeek: '3' }, 'Messages a customer may receive per week: a whole number from 0 to 50.'],
  ])('refuses %s with a sentence, and keeps the settings as they were', async (_, bad, sentence) => {
    const before = (await storeA()).settings
    const reply = await save({ settings: { ...settings(), ...bad } }, manager)
    expect([reply.status, reply.body.error?.code, reply.body.error?.message]).toEqual([422, 'invalid-settings', sentence])
    expect((await storeA()).settings).toEqual(before)
  })

  it('refuses a body that is not settings at all', async () => {
    for (const body of [{}, { settings: { lapsedDays: 30 } }, { settings: { ...settings(), quietHours: '21-8' } }])
      expect((await save(body, manager)).body.error?.code).toBe('invalid-request')
  })

  it('refuses an associate\'s session, a tablet alone and another store\'s manager', async () => {
    const before = (await storeA()).settings
    expect((await save({ settings: settings() }, await session(tabletA, 'assoc-a1', '1357'))).status).toBe(403)
    expect((await save({ settings: settings() })).status).toBe(401)
    // Store B's manager on store B's tablet changes store B only.
    expect((await save({ settings: settings({ lapsedDays: 200 }) }, await session(tabletB, 'mgr-b', '246813'), tabletB)).status).toBe(200)
    expect((await storeA()).settings).toEqual(before)
  })

  it('shows the manager the store\'s log by name, and no one else', async () => {
    const log = await tabletA.request<{ entries: { action: string, detail: string | null, by: { kind: string, name: string | null } }[] }>('GET', '/api/store/log', undefined, { 'X-Associate-Session': manager })
    expect(log.status).toBe(200)
    expect(log.body.entries[0]).toMatchObject({ action: 'settings', detail: 'lapsedDays,quietHours,inactivityMinutes', by: { kind: 'staff', name: expect.any(String) } })
    // Store B's changes are in store B's log only.
    expect(log.body.entries.some(e => e.detail === 'lapsedDays')).toBe(false)
    expect((await tabletA.request('GET', '/api/store/log', undefined, { 'X-Associate-Session': await session(tabletA, 'assoc-a1', '1357') })).status).toBe(403)
  })
})
