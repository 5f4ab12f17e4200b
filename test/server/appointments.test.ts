/**
 * Issue 22, the server's side of appointments booked on tablets: a replayed push is one
 * appointment; two tablets that booked one associate at one time offline both keep their
 * booking and both learn of the overlap, until one is moved; and what a tablet may not do
 * (another store's calendar, an impossible span, a new time without a new invite sequence,
 * the server's overlap flags) is refused with nothing written.
 */
import type { AppointmentDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeAppointment } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('appointments pushed by tablets, on %s', (backend) => {
  let server: TestServer
  let counter: ReturnType<typeof apiClient>
  let fitting: ReturnType<typeof apiClient>
  let roma: ReturnType<typeof apiClient>
  const booking = (o: Partial<AppointmentDoc> = {}) => makeAppointment({ storeId: 'store-a', customerId: 'cus-alice', associateId: 'assoc-a1', createdBy: 'assoc-a1', start: '2026-12-10T10:00:00.000Z', end: '2026-12-10T11:00:00.000Z', ...o })
  const as = (associateId: string) => ({ 'X-Associate-Id': associateId })
  const push = (tablet: ReturnType<typeof apiClient>, doc: AppointmentDoc, assumed: AppointmentDoc | null = null) =>
    tablet.request<unknown>('POST', '/api/sync/appointments/push', [{ newDocumentState: doc, assumedMasterState: assumed }], as('assoc-a1'))
  const errorOf = (reply: { status: number, body: unknown }) => [reply.status, (reply.body as { error?: { code: string } }).error?.code]
  const stored = async (tablet = counter) => (await tablet.pullAll('appointments')).documents as unknown as AppointmentDoc[]
  const one = async (id: string, tablet = counter) => (await stored(tablet)).find(a => a.id === id)!

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    await server.load({ ...w, associates: [...w.associates, makeAssociate({ id: 'assoc-a2', staffCode: 'A02', displayName: 'Sara Blu' })] })
    counter = apiClient(server.url, (await server.enroll('store-a', 'Counter')).token)
    fitting = apiClient(server.url, (await server.enroll('store-a', 'Fitting room')).token)
    roma = apiClient(server.url, (await server.enroll('store-b')).token)
  })
  afterAll(() => server.close())

  it('stores a booking pushed three times once, on the store\'s tablets and not another store\'s', async () => {
    const doc = booking({ id: '01JAPPT0000000000000000001' })
    for (let i = 0; i < 3; i++)
      expect((await push(counter, doc)).body).toEqual([])
    expect((await stored()).filter(a => a.id === doc.id)).toEqual([doc])
    expect((await stored(fitting)).map(a => a.id)).toContain(doc.id)
    expect((await stored(roma)).map(a => a.id)).not.toContain(doc.id)
  })

  it('keeps both of two bookings of one associate made offline at one time, and flags each on both tablets', async () => {
    const first = booking({ id: '01JAPPT0000000000000000002', start: '2026-12-11T10:00:00.000Z', end: '2026-12-11T11:00:00.000Z' })
    const second = booking({ id: '01JAPPT0000000000000000003', start: '2026-12-11T10:30:00.000Z', end: '2026-12-11T11:30:00.000Z', purpose: 'fitting' })
    await Promise.all([push(counter, first), push(fitting, second)])
    for (const tablet of [counter, fitting]) {
      expect((await one(first.id, tablet)).overlaps).toEqual([second.id])
      expect((await one(second.id, tablet)).overlaps).toEqual([first.id])
    }
  })

  it('clears both flags once one of the two is moved, with a new invite sequence', async () => {
    const master = await one('01JAPPT0000000000000000003')
    const moved = { ...master, start: '2026-12-11T14:00:00.000Z', end: '2026-12-11T15:00:00.000Z', sequence: 1 }
    expect((await push(fitting, moved, master)).body).toEqual([])
    expect([(await one('01JAPPT0000000000000000002')).overlaps, (await one(moved.id)).overlaps]).toEqual([[], []])
  })

  it('does not flag a cancelled appointment, nor another associate\'s at the same time', async () => {
    const cancelled = booking({ id: '01JAPPT0000000000000000004', start: '2026-12-12T10:00:00.000Z', end: '2026-12-12T11:00:00.000Z' })
    const colleague = booking({ id: '01JAPPT0000000000000000005', associateId: 'assoc-a2', start: '2026-12-12T10:00:00.000Z', end: '2026-12-12T11:00:00.000Z' })
    await push(counter, cancelled)
    await push(counter, colleague)
    const master = await one(cancelled.id)
    await push(counter, { ...master, status: 'cancelled', cancelReason: 'customer' }, master)
    const again = booking({ id: '01JAPPT0000000000000000006', start: '2026-12-12T10:00:00.000Z', end: '2026-12-12T11:00:00.000Z' })
    await push(counter, again)
    expect([(await one(cancelled.id)).overlaps, (await one(colleague.id)).overlaps, (await one(again.id)).overlaps]).toEqual([[], [], []])
  })

  it.each([
    ['another store\'s tablet booking in this store', () => push(roma, booking({ id: '01JAPPT0000000000000000010' })), [403, 'forbidden-store']],
    ['an appointment that ends before it starts', () => push(counter, booking({ id: '01JAPPT0000000000000000011', end: '2026-12-10T09:00:00.000Z' })), [422, 'invalid-document']],
    ['an appointment of a whole day and night', () => push(counter, booking({ id: '01JAPPT0000000000000000012', end: '2026-12-11T10:00:00.000Z' })), [422, 'invalid-document']],
    ['a new booking that claims overlaps of its own', () => push(counter, booking({ id: '01JAPPT0000000000000000013', overlaps: ['x'] })), [422, 'invalid-document']],
    ['a booking for an associate of another store', () => push(counter, booking({ id: '01JAPPT0000000000000000014', associateId: 'assoc-b1' })), [403, 'forbidden']],
  ])('refuses %s and writes nothing', async (_, send, expected) => {
    const before = await stored()
    expect(errorOf(await send())).toEqual(expected)
    expect(await stored()).toEqual(before)
  })

  it('refuses a new time that keeps the old invite sequence, and a tablet writing the overlap flags', async () => {
    const master = await one('01JAPPT0000000000000000001')
    expect(errorOf(await push(counter, { ...master, start: '2026-12-10T15:00:00.000Z', end: '2026-12-10T16:00:00.000Z' }, master))).toEqual([422, 'invalid-document'])
    expect(errorOf(await push(counter, { ...master, overlaps: ['01JAPPT0000000000000000002'] }, master))).toEqual([409, 'immutable-field'])
    expect(await one(master.id)).toEqual(master)
  })
})
