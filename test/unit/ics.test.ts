/**
 * The calendar invites of an appointment, read back by a maintained iCalendar library (ical.js,
 * as a calendar app would): a booking, its reschedule and its cancellation are one event (one
 * UID), the sequence rises, the method says what happened, and the times are the store's.
 */
import type { Invite } from '../../sync-server/appointments/ics'
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { buildInvite, foldLine } from '../../sync-server/appointments/ics'

const booking = (o: Partial<Invite> = {}): Invite => ({
  method: 'REQUEST',
  uid: '01JAPPOINTMENT000000000000@clienteling.example',
  sequence: 0,
  start: '2027-03-27T09:00:00.000Z',
  end: '2027-03-27T10:00:00.000Z',
  timeZone: 'Europe/Rome',
  summary: 'Consulenza di stile, Milano Duomo',
  description: 'Con Giulia. Prepariamo: giacca, taglia 40; camicia, taglia M.',
  location: 'Via Dante 14, 20121 Milano',
  organizer: { name: 'Milano Duomo', email: 'duomo@negozio.example' },
  attendee: { name: 'Niccolò Bianchi', email: 'niccolo@example.com' },
  stamp: '2027-03-20T10:00:00.000Z',
  ...o,
})

function read(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  for (const zone of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone))
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!)
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status'),
    local: event.startDate.toString(),
    zone: event.startDate.zone?.tzid,
    utcStart: event.startDate.toJSDate().toISOString(),
    utcEnd: event.endDate.toJSDate().toISOString(),
    description: event.description,
    attendee: calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('attendee'),
  }
}

describe('an appointment\'s calendar invite', () => {
  it('books at the store\'s local time, in its zone, with the customer as attendee', () => {
    expect(read(buildInvite(booking()))).toMatchObject({
      method: 'REQUEST', sequence: 0, status: 'CONFIRMED', local: '2027-03-27T10:00:00', zone: 'Europe/Rome',
      utcStart: '2027-03-27T09:00:00.000Z', utcEnd: '2027-03-27T10:00:00.000Z', attendee: 'mailto:niccolo@example.com',
      description: 'Con Giulia. Prepariamo: giacca, taglia 40; camicia, taglia M.',
    })
  })

  it('moves the same event to the day after the clocks change, with a higher sequence', () => {
    const moved = read(buildInvite(booking({ sequence: 1, start: '2027-03-28T08:00:00.000Z', end: '2027-03-28T09:00:00.000Z' })))
    expect([moved.method, moved.uid, moved.sequence, moved.local, moved.utcStart]).toEqual(['REQUEST', booking().uid, 1, '2027-03-28T10:00:00', '2027-03-28T08:00:00.000Z'])
  })

  it('cancels the same event', () => {
    const cancelled = read(buildInvite(booking({ method: 'CANCEL', sequence: 2 })))
    expect([cancelled.method, cancelled.uid, cancelled.sequence, cancelled.status]).toEqual(['CANCEL', booking().uid, 2, 'CANCELLED'])
  })

  it('keeps an October appointment at its local time when summer time has ended', () => {
    expect(read(buildInvite(booking({ start: '2026-10-26T09:00:00.000Z', end: '2026-10-26T10:00:00.000Z' })))).toMatchObject({ local: '2026-10-26T10:00:00', utcStart: '2026-10-26T09:00:00.000Z' })
  })

  it('writes CRLF lines of at most 75 octets, folding long ones without splitting a character', () => {
    const ics = buildInvite(booking({ description: 'Più di settantacinque caratteri: '.repeat(6) }))
    expect(ics.endsWith('\r\n')).toBe(true)
    expect(ics.split('\r\n').every(l => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true)
    expect(foldLine(`X:${'è'.repeat(60)}`).split('\r\n ').join('')).toBe(`X:${'è'.repeat(60)}`)
  })
})
