import type { StoreHours } from '../../src/domain/availability'
import { describe, expect, it } from 'vitest'
import { associateSlots, freeSlots, intersect, openRanges, overlapping, weekday, whoFor } from '../../src/domain/availability'

const ROME = 'Europe/Rome'
const week = { from: '10:00', to: '19:00' }
// Open every day 10–19 with a lunch break on Saturdays; closed on 8 December.
const store: StoreHours = {
  weekly: { mon: [week], tue: [week], wed: [week], thu: [week], fri: [week], sat: [{ from: '10:00', to: '13:00' }, { from: '14:00', to: '19:00' }], sun: [week] },
  exceptions: [{ day: '2026-12-08', hours: [] }, { day: '2026-12-24', hours: [{ from: '10:00', to: '16:00' }] }],
}
const slotsOf = (day: string, o: Partial<Parameters<typeof freeSlots>[0]> = {}) =>
  freeSlots({ day, timeZone: ROME, durationMinutes: 60, stepMinutes: 30, store, busy: [], notBefore: new Date('2026-01-01T00:00:00.000Z'), ...o })
const starts = (day: string, o: Partial<Parameters<typeof freeSlots>[0]> = {}) => slotsOf(day, o).map(s => s.start)

describe('a store day\'s hours', () => {
  it.each([
    ['2026-12-07', 'mon'],
    ['2026-12-13', 'sun'],
    ['2027-02-28', 'sun'],
  ])('reads %s as a %s', (day, expected) => {
    expect(weekday(day)).toBe(expected)
  })

  it.each([
    ['a Monday', '2026-12-07', [week]],
    ['a Saturday with its lunch break', '2026-12-12', [{ from: '10:00', to: '13:00' }, { from: '14:00', to: '19:00' }]],
    ['a holiday', '2026-12-08', []],
    ['Christmas Eve, closing early', '2026-12-24', [{ from: '10:00', to: '16:00' }]],
  ])('opens on %s as the week or the exception says', (_, day, expected) => {
    expect(openRanges(store, day)).toEqual(expected)
  })

  it('keeps the times in both lists of ranges', () => {
    expect(intersect([{ from: '10:00', to: '13:00' }, { from: '14:00', to: '19:00' }], [{ from: '12:00', to: '16:00' }])).toEqual([{ from: '12:00', to: '13:00' }, { from: '14:00', to: '16:00' }])
  })
})

describe('free slots', () => {
  it.each([
    ['an hour every half hour, the last ending at closing', '2026-12-07', {}, 17, '2026-12-07T09:00:00.000Z', '2026-12-07T17:00:00.000Z'],
    ['none on a holiday', '2026-12-08', {}, 0, undefined, undefined],
    ['none across the Saturday lunch break', '2026-12-12', {}, 5 + 9, '2026-12-12T09:00:00.000Z', '2026-12-12T17:00:00.000Z'],
    ['only in the associate\'s working hours', '2026-12-07', { working: { mon: [{ from: '15:00', to: '21:00' }] } }, 7, '2026-12-07T14:00:00.000Z', '2026-12-07T17:00:00.000Z'],
    ['none on the associate\'s day off', '2026-12-07', { working: { tue: [week] } }, 0, undefined, undefined],
    ['none starting before now', '2026-12-07', { notBefore: new Date('2026-12-07T16:10:00.000Z') }, 2, '2026-12-07T16:30:00.000Z', '2026-12-07T17:00:00.000Z'],
  ])('offers %s', (_, day, o, count, first, last) => {
    const found = starts(day, o)
    expect([found.length, found[0], found.at(-1)]).toEqual([count, first, last])
  })

  it('leaves out every slot that overlaps an appointment the associate has', () => {
    const busy = [{ start: '2026-12-07T10:00:00.000Z', end: '2026-12-07T11:00:00.000Z' }]
    const found = starts('2026-12-07', { busy })
    // 11:00 local is taken: 10:30, 11:00 and 11:30 would overlap it; 10:00 ends as it starts.
    expect(found.slice(0, 3)).toEqual(['2026-12-07T09:00:00.000Z', '2026-12-07T11:00:00.000Z', '2026-12-07T11:30:00.000Z'])
  })

  it.each([
    ['the Sunday summer time begins', '2027-03-28', '2027-03-28T08:00:00.000Z', '2027-03-28T09:00:00.000Z'],
    ['the Saturday before it', '2027-03-27', '2027-03-27T09:00:00.000Z', '2027-03-27T10:00:00.000Z'],
    ['the Sunday summer time ends', '2026-10-25', '2026-10-25T09:00:00.000Z', '2026-10-25T10:00:00.000Z'],
    ['the Saturday before that', '2026-10-24', '2026-10-24T08:00:00.000Z', '2026-10-24T09:00:00.000Z'],
  ])('opens at 10:00 Rome time on %s, whatever the offset', (_, day, start, end) => {
    expect(slotsOf(day)[0]).toEqual({ start, end })
  })
})

describe('a double booking', () => {
  const appt = (id: string, associateId: string, start: string, end: string) => ({ id, associateId, start, end })
  it('finds the same associate\'s appointments that overlap, not another associate\'s or a back-to-back one', () => {
    const a = appt('a', 'giulia', '2026-12-07T09:00:00.000Z', '2026-12-07T10:00:00.000Z')
    const others = [
      appt('b', 'giulia', '2026-12-07T09:30:00.000Z', '2026-12-07T10:30:00.000Z'),
      appt('c', 'luca', '2026-12-07T09:00:00.000Z', '2026-12-07T10:00:00.000Z'),
      appt('d', 'giulia', '2026-12-07T10:00:00.000Z', '2026-12-07T11:00:00.000Z'),
    ]
    expect(overlapping(a, [a, ...others]).map(x => x.id)).toEqual(['b'])
  })
})

describe('booking an associate', () => {
  const giulia = { id: 'giulia', active: true, displayName: 'Giulia', specialties: ['bridal'], workingHours: { mon: [{ from: '14:00', to: '19:00' }] } }
  const luca = { id: 'luca', active: true, displayName: 'Luca', specialties: ['fitting'], workingHours: null }
  const matteo = { id: 'matteo', active: false, displayName: 'Matteo', specialties: ['bridal'], workingHours: null }

  it('offers the specialists of a purpose first, and nobody who left', () => {
    expect(whoFor('bridal', [luca, matteo, giulia]).map(a => a.id)).toEqual(['giulia', 'luca'])
    expect(whoFor('fitting', [luca, matteo, giulia]).map(a => a.id)).toEqual(['luca', 'giulia'])
  })

  it('finds an associate\'s slots in their week, around what they have booked or are serving, not what was cancelled', () => {
    const appointments = [
      { associateId: 'giulia', start: '2026-12-07T13:00:00.000Z', end: '2026-12-07T14:00:00.000Z', status: 'booked' },
      { associateId: 'giulia', start: '2026-12-07T15:00:00.000Z', end: '2026-12-07T16:00:00.000Z', status: 'cancelled' },
      { associateId: 'luca', start: '2026-12-07T16:00:00.000Z', end: '2026-12-07T17:00:00.000Z', status: 'booked' },
    ]
    const slots = associateSlots({ day: '2026-12-07', timeZone: ROME, durationMinutes: 60, stepMinutes: 60, hours: store, associate: giulia, appointments, notBefore: new Date('2026-01-01T00:00:00.000Z') })
    expect(slots.map(s => s.start)).toEqual(['2026-12-07T14:00:00.000Z', '2026-12-07T15:00:00.000Z', '2026-12-07T16:00:00.000Z', '2026-12-07T17:00:00.000Z'])
    expect(associateSlots({ day: '2026-12-07', timeZone: ROME, durationMinutes: 60, stepMinutes: 60, hours: null, associate: luca, appointments, notBefore: new Date(0) })).toEqual([])
  })
})
