/**
 * Issue 22, the customer's side of a booking made on a tablet, on a real SMTP server: the
 * confirmation carries an iMIP invite (text/calendar; method=REQUEST) a calendar library reads
 * as the appointment; a push replayed sends nothing more; a new time sends a new invite with a
 * higher sequence and a cancellation METHOD:CANCEL; the day-before reminder goes once, even
 * across a restart of the server.
 */
import type { AppointmentDoc } from '../../src/shared/types'
import type { TestSmtp } from './mail-helpers'
import type { TestServer } from './harness'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeAppointment, makeCustomer } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, openTestDatabase, startTestServer } from './harness'
import { header, part, startSmtp } from './mail-helpers'

const DAY = 86_400_000

function invite(raw: string) {
  const calendar = new ICAL.Component(ICAL.parse(part(raw, 'text/calendar')!))
  for (const zone of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone))
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!)
  return { method: calendar.getFirstPropertyValue('method'), uid: event.uid, sequence: event.sequence, start: event.startDate.toJSDate().toISOString(), local: event.startDate.toString() }
}

describe.each(BACKENDS)('an appointment\'s e-mails, on %s', (backend) => {
  let smtp: TestSmtp
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  // 11:00 in Rome (winter time), booked five days before; reminders are timed by the `now` given to flush.
  const start = '2027-01-15T10:00:00.000Z'
  const end = '2027-01-15T11:00:00.000Z'
  const bookedAt = new Date(Date.parse(start) - 5 * DAY).toISOString()
  const giada = makeCustomer({ id: 'cus-giada', firstName: 'Giada', lastName: 'Neri', email: 'giada.neri@example.com', phone: null, loyaltyId: null, homeStoreId: 'store-a' })
  const booking = makeAppointment({ id: '01JAPPTMAIL000000000000001', storeId: 'store-a', customerId: giada.id, associateId: 'assoc-a1', createdBy: 'assoc-a1', start, end, createdAt: bookedAt })
  const push = (doc: AppointmentDoc, assumed: AppointmentDoc | null = null) => tablet.request('POST', '/api/sync/appointments/push', [{ newDocumentState: doc, assumedMasterState: assumed }], { 'X-Associate-Id': 'assoc-a1' })
  const master = async () => (await tablet.pullAll('appointments')).documents.find(d => d.id === booking.id) as unknown as AppointmentDoc
  const toGiada = () => smtp.received.filter(m => m.to.includes(giada.email!))

  beforeAll(async () => {
    smtp = await startSmtp()
    const db = await openTestDatabase(backend)
    server = await startTestServer(backend, { db, config: { smtpUrl: smtp.url } })
    const w = world()
    await server.load({ ...w, customers: [...w.customers, giada] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(async () => {
    await server.close()
    await smtp.down()
  })

  it('confirms a booking pushed three times with one e-mail and a calendar invite at the store\'s time', async () => {
    for (let i = 0; i < 3; i++)
      expect((await push(booking)).body).toEqual([])
    await server.appointments.flush()
    await server.appointments.flush()
    expect(toGiada()).toHaveLength(1)
    const raw = toGiada()[0]!.raw
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i)
    expect(header(raw, 'Subject')).toMatch(/^Appuntamento confermato: Consulenza di stile, Negozio A, .* 11:00–12:00$/)
    expect(invite(raw)).toMatchObject({ method: 'REQUEST', uid: `${booking.id}@clienteling`, sequence: 0, start, local: '2027-01-15T11:00:00' })
  })

  it('sends a new invite with a higher sequence for a new time, and a cancellation', async () => {
    const before = await master()
    const moved = { ...before, start: new Date(Date.parse(start) + 3_600_000).toISOString(), end: new Date(Date.parse(end) + 3_600_000).toISOString(), sequence: 1 }
    expect((await push(moved, before)).body).toEqual([])
    await server.appointments.flush()
    const now = await master()
    expect((await push({ ...now, status: 'cancelled', cancelReason: 'customer' }, now)).body).toEqual([])
    await server.appointments.flush()
    expect(toGiada().slice(1).map(m => invite(m.raw)).map(i => [i.method, i.uid, i.sequence])).toEqual([['REQUEST', `${booking.id}@clienteling`, 1], ['CANCEL', `${booking.id}@clienteling`, 1]])
  })

  it('reminds the day before exactly once, even when the server restarts in between', async () => {
    const next = makeAppointment({ ...booking, id: '01JAPPTMAIL000000000000002' })
    await push(next)
    await server.appointments.flush()
    const sent = toGiada().length
    const dayBefore = new Date(Date.parse(start) - 20 * 3_600_000)
    await server.appointments.flush(dayBefore)
    const restarted = await startTestServer(backend, { db: server.db, config: { smtpUrl: smtp.url } })
    await restarted.appointments.flush(dayBefore)
    await restarted.appointments.flush(new Date(dayBefore.getTime() + 60_000))
    await restarted.close()
    const reminders = toGiada().slice(sent)
    expect(reminders.map(m => header(m.raw, 'Subject'))).toEqual([expect.stringMatching(/^Promemoria, domani: /)])
    expect(part(reminders[0]!.raw, 'text/calendar')).toBeNull()
  })
})
