import { describe, expect, it } from 'vitest'
import { toCsv } from '../../src/domain/csv'
import { periodBetween, periodFor } from '../../src/domain/periods'
import { filterVisits, VISIT_CSV_HEADER, visitCsvRows } from '../../src/domain/visit-review'
import { makeOrder, makeVisit } from '../fixtures/docs'

const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }
const visits = [
  makeVisit({ id: 'v1', storeId: 's1', associateId: 'A', customerId: 'c-nicc', startedAt: '2026-11-02T10:00:00.000Z', outcome: 'purchase', orderId: 'o1' }),
  makeVisit({ id: 'v2', storeId: 's1', associateId: 'B', customerId: null, startedAt: '2026-11-03T10:00:00.000Z', outcome: 'no_purchase' }),
  makeVisit({ id: 'v3', storeId: 's1', associateId: 'A', customerId: 'c-zoe', startedAt: '2026-11-04T10:00:00.000Z', outcome: 'follow_up' }),
  makeVisit({ id: 'v4', storeId: 's2', associateId: 'C', customerId: 'c-nicc', startedAt: '2026-11-05T10:00:00.000Z', outcome: 'purchase' }),
  makeVisit({ id: 'v5', storeId: 's1', associateId: 'A', customerId: 'c-nicc', startedAt: '2026-10-30T10:00:00.000Z', outcome: 'purchase' }),
]
const names = { 'c-nicc': 'Niccolò Bianchi', 'c-zoe': 'Zoë Müller' }
const all = { period, associateId: null, outcome: null, who: 'all' as const, customer: '' }

describe('the manager\'s visit filters', () => {
  it.each([
    ['every visit of this store in the period, newest first', {}, ['v3', 'v2', 'v1']],
    ['one associate\'s', { associateId: 'A' }, ['v3', 'v1']],
    ['one outcome', { outcome: 'purchase' as const }, ['v1']],
    ['identified customers only', { who: 'identified' as const }, ['v3', 'v1']],
    ['walk-ins only', { who: 'walk-in' as const }, ['v2']],
    ['a customer by part of the name, without accents', { customer: 'nicco' }, ['v1']],
    ['a customer by a name with accents typed plainly', { customer: 'zoe mull' }, ['v3']],
  ])('keeps %s', (_, filters, ids) => {
    expect(filterVisits(visits, 's1', { ...all, ...filters }, names).map(v => v.id)).toEqual(ids)
  })
})

describe('the visit list as CSV', () => {
  it('writes one row per visit with names, outcome and the sale\'s total', () => {
    const orders = new Map([['o1', makeOrder({ id: 'o1', totalMinor: 12_050, currency: 'EUR' })]])
    const csv = toCsv(VISIT_CSV_HEADER, visitCsvRows(filterVisits(visits, 's1', all, names), { customers: names, associates: { A: 'Anna' } }, orders))
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe('v1,2026-11-02T10:00:00.000Z,,Anna,Niccolò Bianchi,purchase,o1,120.5,EUR,0')
    expect(lines[2]).toContain(',B,,no_purchase,')
  })
})

describe('the periods a manager picks', () => {
  const now = new Date(2026, 10, 22, 15, 30)
  it.each([
    ['today', new Date(2026, 10, 22), new Date(2026, 10, 23)],
    ['week', new Date(2026, 10, 16), new Date(2026, 10, 23)],
    ['month', new Date(2026, 10, 1), new Date(2026, 11, 1)],
    ['last-month', new Date(2026, 9, 1), new Date(2026, 10, 1)],
  ] as const)('%s runs from local midnight to local midnight', (preset, from, to) => {
    expect(periodFor(preset, now)).toEqual({ from: from.toISOString(), to: to.toISOString() })
  })
})

describe('a date range the manager types', () => {
  it('runs from the first day\'s midnight to the midnight after the last day', () => {
    expect(periodBetween('2026-11-02', '2026-11-04')).toEqual({ from: new Date(2026, 10, 2).toISOString(), to: new Date(2026, 10, 5).toISOString() })
  })
  it.each([['', '2026-11-04'], ['2026-11-05', '2026-11-04'], ['04/11/2026', '2026-11-05']])('is refused for %j to %j', (from, to) => {
    expect(periodBetween(from, to)).toBeNull()
  })
})

describe('the visit review\'s names', () => {
  it('says a customer erased since the visit is erased, not "…"', async () => {
    const { getRxStorageMemory } = await import('rxdb/plugins/storage-memory')
    const { createDatabase } = await import('../../src/db/database')
    const { loadStoreActivity } = await import('../../src/db/store-activity')
    const db = await createDatabase({ storage: getRxStorageMemory(), name: `review-names-${Date.now()}`, multiInstance: false })
    const { _deleted: _, ...visit } = makeVisit({ id: 'visit-of-erased', customerId: 'cus-erased', startedAt: '2026-11-10T10:00:00.000Z' })
    await db.visits.insert(visit)
    const activity = await loadStoreActivity(visit.storeId, periodBetween('2026-11-01', '2026-11-30')!, db)
    expect(activity.customerNames).toEqual({ 'cus-erased': '' })
    await db.close()
  })
})
