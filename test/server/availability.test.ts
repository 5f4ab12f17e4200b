/**
 * Issue 22: the store manager sets the opening hours appointments are booked in (with the
 * days that differ) and each associate's week and specialties; the server checks them with
 * the editor's rules and the store's tablets receive them. An associate, another store's
 * associate or a bad range changes nothing.
 */
import type { AssociateDoc, StoreDoc, StoreHours } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

const day = (from: string, to: string) => [{ from, to }]
const hours: StoreHours = {
  weekly: { mon: day('10:00', '19:30'), tue: [{ from: '15:00', to: '19:30' }, { from: '10:00', to: '13:30' }], sat: day('10:00', '20:00') },
  exceptions: [{ day: '2026-12-26', hours: [] }, { day: '2026-12-24', hours: day('10:00', '16:00') }],
}

describe.each(BACKENDS)('the manager\'s availability settings, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const session = async (associateId: string, pin: string) => (await tablet.request<{ token: string }>('POST', '/api/sessions', { associateId, pin })).body.token
  const saveHours = (body: unknown, token?: string) => tablet.request<{ hours: StoreHours, error?: { code: string, message: string } }>('PUT', '/api/store/hours', body, token ? { 'X-Associate-Session': token } : {})
  const saveWeek = (id: string, body: unknown, token?: string) => tablet.request<{ associate: AssociateDoc, error?: { code: string, message: string } }>('PUT', `/api/associates/${id}/availability`, body, token ? { 'X-Associate-Session': token } : {})
  const storeA = async () => (await tablet.pullAll('stores')).documents.find(s => s.id === 'store-a') as unknown as StoreDoc
  const associate = async (id: string) => (await tablet.pullAll('associates')).documents.find(a => a.id === id) as unknown as AssociateDoc
  let manager = ''

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    await server.load({ ...w, associates: [
      ...w.associates.filter(a => a.storeId !== 'store-a'),
      makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', pin: await hashPin('135702', { iterations: 1000 }) }),
      makeAssociate({ id: 'assoc-a1', pin: await hashPin('1357', { iterations: 1000 }) }),
    ] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    manager = await session('mgr-a', '135702')
  })
  afterAll(() => server.close())

  it('saves the store\'s hours, each day in order and the exceptions by date, and the tablets receive them', async () => {
    const reply = await saveHours({ hours }, manager)
    expect(reply.status).toBe(200)
    expect(reply.body.hours.weekly.tue).toEqual([{ from: '10:00', to: '13:30' }, { from: '15:00', to: '19:30' }])
    expect(reply.body.hours.exceptions.map(e => e.day)).toEqual(['2026-12-24', '2026-12-26'])
    expect((await storeA()).hours).toEqual(reply.body.hours)
  })

  it.each([
    ['a range ending before it starts', { ...hours, weekly: { mon: day('19:00', '10:00') } }, 'mon: a range ends before it starts.'],
    ['overlapping ranges', { ...hours, weekly: { sat: [{ from: '10:00', to: '14:00' }, { from: '13:00', to: '19:00' }] } }, 'sat: two ranges overlap.'],
    ['a day that does not exist', { ...hours, exceptions: [{ day: '2026-02-30', hours: [] }] }, '2026-02-30 is not a calendar day.'],
    ['a time that is not one', { ...hours, weekly: { mon: day('9', '18') } }, 'mon: a time is not HH:MM.'],
  ])('refuses %s with a sentence, and keeps the hours as they were', async (_, bad, sentence) => {
    const before = (await storeA()).hours
    const reply = await saveHours({ hours: bad }, manager)
    expect([reply.status, reply.body.error?.code, reply.body.error?.message]).toEqual([422, 'invalid-hours', sentence])
    expect((await storeA()).hours).toEqual(before)
  })

  it('refuses a body that is not hours at all', async () => {
    for (const body of [{}, { hours: { weekly: { funday: [] }, exceptions: [] } }, { hours: { weekly: {}, exceptions: 'none' } }])
      expect((await saveHours(body, manager)).body.error?.code).toBe('invalid-request')
  })

  it('saves an associate\'s specialties and week, or gives them the store\'s hours again', async () => {
    const reply = await saveWeek('assoc-a1', { specialties: ['bridal', 'fitting', 'bridal'], workingHours: { wed: day('12:00', '19:30'), mon: day('09:30', '16:30') } }, manager)
    expect(reply.status).toBe(200)
    expect(await associate('assoc-a1')).toMatchObject({ specialties: ['bridal', 'fitting'], workingHours: { mon: day('09:30', '16:30'), wed: day('12:00', '19:30') } })
    await saveWeek('assoc-a1', { specialties: [], workingHours: null }, manager)
    expect(await associate('assoc-a1')).toMatchObject({ specialties: [], workingHours: null })
  })

  it('refuses an unknown specialty, another store\'s associate, an associate\'s session and a tablet alone', async () => {
    expect((await saveWeek('assoc-a1', { specialties: ['haircut'], workingHours: null }, manager)).body.error).toMatchObject({ code: 'invalid-hours', message: 'haircut is not a kind of appointment.' })
    expect((await saveWeek('assoc-b1', { specialties: ['bridal'], workingHours: null }, manager)).status).toBe(404)
    const associateToken = await session('assoc-a1', '1357')
    expect((await saveHours({ hours }, associateToken)).status).toBe(403)
    expect((await saveWeek('assoc-a1', { specialties: ['bridal'], workingHours: null }, associateToken)).status).toBe(403)
    expect((await saveHours({ hours })).status).toBe(401)
    expect((await associate('assoc-a1')).specialties).toEqual([])
  })
})
