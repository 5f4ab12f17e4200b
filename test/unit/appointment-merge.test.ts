import { describe, expect, it } from 'vitest'
import { mergeAppointment } from '../../src/shared/merge'
import { makeAppointment } from '../fixtures/docs'

const base = makeAppointment({ sequence: 0 })
const at = (start: string, end: string) => ({ start, end })
const NOON = at('2025-03-05T12:00:00.000Z', '2025-03-05T13:00:00.000Z')
const FOUR = at('2025-03-05T16:00:00.000Z', '2025-03-05T17:00:00.000Z')

describe('two tablets changing one appointment', () => {
  it('keeps a reschedule made on one and a note written on the other, with a new invite sequence', () => {
    const master = { ...base, notes: 'Porta le scarpe della cerimonia' }
    const next = { ...base, ...NOON, sequence: 1 }
    expect(mergeAppointment(base, master, next)).toMatchObject({ ...NOON, notes: 'Porta le scarpe della cerimonia', sequence: 1 })
  })

  it('keeps the master\'s new time and sequence when the tablet only marked the customer arrived', () => {
    const master = { ...base, ...NOON, sequence: 1 }
    const next = { ...base, status: 'arrived' as const, visitId: 'visit-1' }
    expect(mergeAppointment(base, master, next)).toMatchObject({ ...NOON, sequence: 1, status: 'arrived', visitId: 'visit-1' })
  })

  it('gives the tablet\'s time when both moved it, with a sequence above both', () => {
    const master = { ...base, ...NOON, sequence: 1 }
    const next = { ...base, ...FOUR, sequence: 1 }
    expect(mergeAppointment(base, master, next)).toMatchObject({ ...FOUR, sequence: 2 })
  })

  it('never takes who booked it, for whom, or the server\'s overlap flags from a tablet', () => {
    const master = { ...base, overlaps: ['other'] }
    const next = { ...base, createdBy: 'someone', customerId: 'cus-other', overlaps: [] }
    expect(mergeAppointment(base, master, next)).toMatchObject({ createdBy: base.createdBy, customerId: base.customerId, overlaps: ['other'] })
  })
})
