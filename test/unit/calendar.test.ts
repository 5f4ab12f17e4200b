import type { CalendarEntry } from '../../src/models/appointments'
import { describe, expect, it } from 'vitest'
import { applyChange } from '../../src/db/appointments'
import { dayLayout, preparationCandidates, storeClock, weekLayout, weekOf } from '../../src/models/appointments'
import { makeAppointment } from '../fixtures/docs'

const ROME = 'Europe/Rome'
const hours = { weekly: { mon: [{ from: '10:00', to: '19:30' }] }, exceptions: [] }
const associates = [{ id: 'a1', displayName: 'Luca' }, { id: 'a2', displayName: 'Chiara' }]
const entry = (overrides: Parameters<typeof makeAppointment>[0], customerName: string | null = 'Niccolò Bianchi'): CalendarEntry =>
  ({ appointment: makeAppointment({ associateId: 'a1', ...overrides }), customerName })

describe('the store calendar\'s day', () => {
  it('runs from the opening hour to the closing one, an hour line each', () => {
    const layout = dayLayout({ day: '2026-12-07', timeZone: ROME, hours, associates, entries: [] })
    expect([layout.from, layout.to]).toEqual(['10:00', '20:00'])
    expect(layout.hours).toHaveLength(10)
    expect(layout.columns.map(c => c.name)).toEqual(['Luca', 'Chiara'])
  })

  it('puts an appointment in its associate\'s column at its store time, as tall as it lasts', () => {
    // 11:30–12:15 in Rome (UTC+1 in December)
    const layout = dayLayout({ day: '2026-12-07', timeZone: ROME, hours, associates, entries: [entry({ start: '2026-12-07T10:30:00.000Z', end: '2026-12-07T11:15:00.000Z' })] })
    expect(layout.columns[0]!.boxes).toMatchObject([{ top: 90, height: 45 }])
    expect(layout.columns[1]!.boxes).toEqual([])
  })

  it('widens the day for an appointment booked before opening, and gives a departed associate a column', () => {
    const layout = dayLayout({ day: '2026-12-07', timeZone: ROME, hours, associates, entries: [entry({ associateId: 'gone', start: '2026-12-07T07:30:00.000Z', end: '2026-12-07T08:30:00.000Z' })] })
    expect(layout.from).toBe('08:00')
    expect(layout.columns.map(c => c.name)).toEqual(['Luca', 'Chiara', 'gone'])
  })

  it('leaves cancelled and missed appointments out of the columns', () => {
    const layout = dayLayout({ day: '2026-12-07', timeZone: ROME, hours, associates, entries: [
      entry({ id: 'x1', start: '2026-12-07T10:00:00.000Z', end: '2026-12-07T11:00:00.000Z', status: 'cancelled' }),
      entry({ id: 'x2', start: '2026-12-07T12:00:00.000Z', end: '2026-12-07T13:00:00.000Z', status: 'no-show' }),
      entry({ id: 'x3', start: '2026-12-07T14:00:00.000Z', end: '2026-12-07T15:00:00.000Z', status: 'arrived' }),
    ] })
    expect(layout.columns[0]!.boxes.map(b => b.entry.appointment.id)).toEqual(['x3'])
  })

  it('reads the clock in the store\'s zone, on both sides of a daylight-saving change', () => {
    expect(storeClock('2027-03-27T09:00:00.000Z', ROME)).toBe('10:00')
    expect(storeClock('2027-03-29T09:00:00.000Z', ROME)).toBe('11:00')
  })
})

describe('the store calendar\'s week', () => {
  it.each([
    ['a Monday', '2026-12-07'],
    ['a Wednesday', '2026-12-09'],
    ['a Sunday', '2026-12-13'],
  ])('starts on the Monday of %s', (_, day) => {
    expect(weekOf(day)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13'])
  })

  it('files an appointment under its store day, not its UTC day', () => {
    // 00:30 on Tuesday in Rome is still Monday in UTC.
    const late = entry({ start: '2026-12-07T23:30:00.000Z', end: '2026-12-08T00:30:00.000Z' })
    const days = weekLayout(weekOf('2026-12-07'), [late], ROME)
    expect(days.find(d => d.entries.length)?.day).toBe('2026-12-08')
  })
})

describe('a change to an appointment', () => {
  const now = '2026-12-04T10:00:00.000Z'
  it('raises the invite\'s sequence when the time moves, not when only the associate changes', () => {
    const a = makeAppointment({ sequence: 2 })
    expect(applyChange(a, { kind: 'move', associateId: a.associateId, start: '2026-12-09T10:00:00.000Z', end: '2026-12-09T11:00:00.000Z' }, now).sequence).toBe(3)
    expect(applyChange(a, { kind: 'move', associateId: 'other', start: a.start, end: a.end }, now)).toMatchObject({ sequence: 2, associateId: 'other' })
  })

  it('keeps the reason of a cancellation and marks a no-show', () => {
    expect(applyChange(makeAppointment(), { kind: 'cancel', reason: 'customer' }, now)).toMatchObject({ status: 'cancelled', cancelReason: 'customer', updatedAt: now })
    expect(applyChange(makeAppointment(), { kind: 'no-show' }, now)).toMatchObject({ status: 'no-show' })
  })

  it('books a moved cancelled appointment again', () => {
    const cancelled = makeAppointment({ status: 'cancelled', cancelReason: 'store' })
    expect(applyChange(cancelled, { kind: 'move', associateId: cancelled.associateId, start: '2026-12-09T10:00:00.000Z', end: '2026-12-09T11:00:00.000Z' }, now)).toMatchObject({ status: 'booked', cancelReason: null })
  })
})

describe('what to prepare', () => {
  it('offers the wishlist, the cart, then what was tried on or shown, each sku and size once', () => {
    const item = (sku: string, size: string) => ({ sku, size, product: { name: `P ${sku}` } })
    const profile = {
      wishlist: [item('A', '40')],
      cart: [item('B', ''), item('A', '40')],
      visits: [{ interactions: [{ type: 'tried_on', sku: 'C', size: '42', product: null }, { type: 'note', sku: null, size: null, product: null }, { type: 'shown', sku: 'A', size: '40', product: null }] }],
    } as unknown as Parameters<typeof preparationCandidates>[0]
    expect(preparationCandidates(profile)).toEqual([
      { sku: 'A', size: '40', name: 'P A' },
      { sku: 'B', size: '', name: 'P B' },
      { sku: 'C', size: '42', name: 'C' },
    ])
  })
})

describe('a double booking in the day', () => {
  it('sets overlapping appointments side by side, and one after them back to the full width', () => {
    const layout = dayLayout({ day: '2026-12-07', timeZone: ROME, hours, associates, entries: [
      entry({ id: 'd1', start: '2026-12-07T13:00:00.000Z', end: '2026-12-07T14:00:00.000Z' }),
      entry({ id: 'd2', start: '2026-12-07T13:00:00.000Z', end: '2026-12-07T14:30:00.000Z' }),
      entry({ id: 'd3', start: '2026-12-07T13:30:00.000Z', end: '2026-12-07T14:00:00.000Z' }),
      entry({ id: 'd4', start: '2026-12-07T15:00:00.000Z', end: '2026-12-07T16:00:00.000Z' }),
    ] })
    const lanes = Object.fromEntries(layout.columns[0]!.boxes.map(b => [b.entry.appointment.id, [b.lane, b.lanes]]))
    expect(lanes).toEqual({ d2: [0, 3], d1: [1, 3], d3: [2, 3], d4: [0, 1] })
  })
})
