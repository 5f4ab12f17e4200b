import { describe, expect, it } from 'vitest'
import { conversionLine, visitsPerAssociate, visitsPerDay, visitsPerHour } from '../../src/domain/kpi-series'
import { formatDayMonth, locale } from '../../src/i18n'
import { makeVisit } from '../fixtures/docs'

const v = (id: string, startedAt: string, purchase = false, associateId = 'A') => makeVisit({ id, startedAt, associateId, outcome: purchase ? 'purchase' : 'no_purchase', orderId: null })
const ROME = 'Europe/Rome'

describe('visits per local day', () => {
  // Spring forward in Rome: 2026-03-29 has 23 hours. The period is three local days.
  const period = { from: '2026-03-27T23:00:00.000Z', to: '2026-03-30T22:00:00.000Z' }
  const visits = [
    v('a', '2026-03-28T22:30:00.000Z'), // 23:30 on the 28th in Rome
    v('b', '2026-03-28T23:30:00.000Z', true), // 00:30 on the 29th in Rome
    v('c', '2026-03-29T21:59:00.000Z', true), // 23:59 on the 29th (CEST)
    v('d', '2026-03-30T22:00:00.000Z'), // the 31st: outside the period
  ]

  it('counts a visit on the store\'s local day, lists empty days, and skips none across the DST change', () => {
    expect(visitsPerDay(visits, period, ROME)).toEqual([
      { day: '2026-03-28', visits: 1, purchases: 0, conversion: 0 },
      { day: '2026-03-29', visits: 2, purchases: 2, conversion: 1 },
      { day: '2026-03-30', visits: 0, purchases: 0, conversion: null },
    ])
  })

  it('counts visits per local hour of day', () => {
    const hours = visitsPerHour(visits, period, ROME)
    expect(hours).toHaveLength(24)
    expect(hours.filter(h => h.visits).map(h => [h.hour, h.visits, h.purchases])).toEqual([[0, 1, 1], [23, 2, 1]])
  })
})

describe('visits per associate', () => {
  it('names each associate, busiest first, and falls back to the id for one no longer listed', () => {
    const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }
    const visits = [v('1', '2026-11-02T10:00:00.000Z', true, 'B'), v('2', '2026-11-03T10:00:00.000Z', false, 'B'), v('3', '2026-11-04T10:00:00.000Z', true, 'A'), v('4', '2026-11-05T10:00:00.000Z', false, 'X')]
    expect(visitsPerAssociate(visits, period, [{ id: 'A', displayName: 'Anna' }, { id: 'B', displayName: 'Bruno' }]).map(r => [r.name, r.visits, r.conversion])).toEqual([
      ['Bruno', 2, 0.5],
      ['Anna', 1, 1],
      ['X', 1, 0],
    ])
  })
})

describe('what the charts draw', () => {
  it('leaves a gap in the conversion line where there were no visits, instead of drawing across it', () => {
    expect(conversionLine([0.5, null, null, 1 / 3])).toEqual({ data: [50, null, null, 33.3], spanGaps: false })
  })

  it('labels days as the locale writes them, not as "12-01"', () => {
    locale.value = 'it'
    expect(formatDayMonth('2026-12-01')).toBe('1 dic')
    locale.value = 'en'
    expect(formatDayMonth('2026-12-01')).toBe('1 Dec')
  })
})
