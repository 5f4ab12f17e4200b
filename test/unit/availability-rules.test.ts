import { describe, expect, it } from 'vitest'
import { hoursProblems, rangeProblems, specialtyProblems, tidyHours, weekProblems } from '../../src/domain/availability-rules'

describe('what a manager may save as opening hours', () => {
  it.each([
    ['a morning and an afternoon', [{ from: '10:00', to: '13:00' }, { from: '15:00', to: '19:30' }], []],
    ['a range that ends before it starts', [{ from: '19:00', to: '10:00' }], ['ends-before-start']],
    ['a range of no length', [{ from: '10:00', to: '10:00' }], ['ends-before-start']],
    ['two ranges that overlap', [{ from: '10:00', to: '14:00' }, { from: '13:00', to: '19:00' }], ['ranges-overlap']],
    ['a time that is not one', [{ from: '25:00', to: '26:00' }], ['bad-time']],
    ['five ranges in a day', ['08', '10', '12', '14', '16'].map(h => ({ from: `${h}:00`, to: `${h}:30` })), ['too-many-ranges']],
  ])('takes %s as it should', (_, ranges, kinds) => {
    expect(rangeProblems(ranges, 'mon').map(p => p.kind)).toEqual(kinds)
  })

  it('names the weekday whose hours are wrong', () => {
    expect(weekProblems({ mon: [{ from: '10:00', to: '19:00' }], sat: [{ from: '12:00', to: '11:00' }] })).toEqual([{ kind: 'ends-before-start', where: 'sat' }])
  })

  it('refuses a day that does not exist and the same day twice among the exceptions', () => {
    const problems = hoursProblems({ weekly: {}, exceptions: [{ day: '2026-02-30', hours: [] }, { day: '2026-12-08', hours: [] }, { day: '2026-12-08', hours: [] }] })
    expect(problems).toEqual([{ kind: 'bad-day', where: '2026-02-30' }, { kind: 'same-day-twice', where: '2026-12-08' }])
  })

  it('keeps specialties to the purposes appointments have', () => {
    expect(specialtyProblems(['bridal', 'haircut'])).toEqual([{ kind: 'unknown-specialty', where: 'haircut' }])
  })

  it('stores each day\'s ranges in order, closed weekdays left out and exceptions by date', () => {
    expect(tidyHours({ weekly: { mon: [{ from: '15:00', to: '19:00' }, { from: '10:00', to: '13:00' }], sun: [] }, exceptions: [{ day: '2026-12-26', hours: [] }, { day: '2026-12-24', hours: [{ from: '10:00', to: '16:00' }] }] }))
      .toEqual({ weekly: { mon: [{ from: '10:00', to: '13:00' }, { from: '15:00', to: '19:00' }] }, exceptions: [{ day: '2026-12-24', hours: [{ from: '10:00', to: '16:00' }] }, { day: '2026-12-26', hours: [] }] })
  })
})
