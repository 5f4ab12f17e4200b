import type { VisitDoc, WithDeleted } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { mergeFields, mergeVisit } from '../../src/shared/merge'
import { deepFreeze, makeVisit, threeWay } from '../fixtures/docs'

type Visit = WithDeleted<VisitDoc>
type Loose = { id: string, updatedAt: string, _deleted: boolean, [key: string]: unknown }
type Case = { name: string, base?: Partial<Visit>, master: Partial<Visit>, next: Partial<Visit>, expected: Partial<Visit> }

const T1 = '2025-03-01T10:30:00.000Z'
const T2 = '2025-03-01T11:00:00.000Z'

describe('mergeVisit with a common base', () => {
  const cases: Case[] = [
    { name: 'takes each side\'s change when they changed different fields', master: { orderId: 'order-1' }, next: { endedAt: T1 }, expected: { orderId: 'order-1', endedAt: T1 } },
    { name: 'lets the tablet win when both sides changed the outcome', master: { outcome: 'follow_up' }, next: { outcome: 'purchase' }, expected: { outcome: 'purchase' } },
    { name: 'keeps the master\'s value for a field the tablet did not touch', master: { endedAt: T2 }, next: {}, expected: { endedAt: T2 } },
    { name: 'keeps the master\'s start time, which never changes', master: {}, next: { startedAt: T2 }, expected: { startedAt: makeVisit().startedAt } },
    { name: 'links a walk-in to the customer the tablet chose', master: {}, next: { customerId: 'c-tablet' }, expected: { customerId: 'c-tablet' } },
    { name: 'keeps the customer the web linked when the tablet did not touch it', master: { customerId: 'c-web' }, next: { outcome: 'no_purchase' }, expected: { customerId: 'c-web', outcome: 'no_purchase' } },
    { name: 'lets the tablet\'s link from null win over a link made elsewhere', master: { customerId: 'c-web' }, next: { customerId: 'c-tablet' }, expected: { customerId: 'c-tablet' } },
    { name: 'does not let the tablet re-link a visit the master holds', base: { customerId: 'c-old' }, master: { customerId: 'c-merged' }, next: { customerId: 'c-tablet' }, expected: { customerId: 'c-merged' } },
    { name: 'does not let the tablet unlink a visit the master holds', base: { customerId: 'c-1' }, master: {}, next: { customerId: null }, expected: { customerId: 'c-1' } },
    { name: 'lets the tablet unlink while the master holds none either', base: { customerId: 'c-1' }, master: { customerId: null }, next: { customerId: null }, expected: { customerId: null } },
  ]

  it.each(cases)('$name', ({ base, master, next, expected }) => {
    const { assumed, master: m, next: n } = threeWay(makeVisit(base), master, next)
    expect(mergeVisit(assumed, m, n)).toMatchObject(expected)
  })
})

describe('mergeVisit without a common base', () => {
  it.each([
    { name: 'lets every field the tablet has win', master: makeVisit({ outcome: 'open' }), next: makeVisit({ outcome: 'purchase', endedAt: T1 }), expected: { outcome: 'purchase', endedAt: T1 } },
    { name: 'keeps a customer the master already linked', master: makeVisit({ customerId: 'c-web' }), next: makeVisit({ customerId: 'c-tablet' }), expected: { customerId: 'c-web' } },
    { name: 'takes the tablet\'s customer when the master has none', master: makeVisit(), next: makeVisit({ customerId: 'c-tablet' }), expected: { customerId: 'c-tablet' } },
  ])('$name', ({ master, next, expected }) => {
    expect(mergeVisit(null, deepFreeze(master), deepFreeze(next))).toMatchObject(expected)
  })
})

describe('mergeFields', () => {
  it('drops a field the tablet removed and keeps one the master added', () => {
    const base: Loose = { id: 'x', updatedAt: T1, _deleted: false, a: 1, b: 2 }
    const merged = mergeFields(base, { ...base, c: 3 }, { id: 'x', updatedAt: T1, _deleted: false, a: 1 })
    expect(merged).toEqual({ id: 'x', updatedAt: T1, _deleted: false, a: 1, c: 3 })
  })

  it('replaces an array that is not declared a set as a whole', () => {
    const base = { id: 'x', updatedAt: T1, _deleted: false, list: ['a', 'b'] }
    const merged = mergeFields(base, { ...base, list: ['a', 'b', 'c'] }, { ...base, list: ['b'] })
    expect(merged.list).toEqual(['b'])
  })

  it('keeps a document the master restored although the tablet still has it deleted', () => {
    const base = { id: 'x', updatedAt: T1, _deleted: true }
    expect(mergeFields(base, { ...base, _deleted: false }, base)._deleted).toBe(false)
  })
})

describe('coaching comments on a visit', () => {
  const comment = (id: string, at: string) => ({ id, by: 'assoc-manager', at, text: `comment ${id}` })

  it('keeps both sides\' comments, oldest first, whatever else changed', () => {
    const base = makeVisit({ outcome: 'open' })
    const master = { ...base, comments: [comment('m1', '2026-01-02T10:00:00.000Z')] }
    const next = { ...base, outcome: 'purchase' as const, comments: [comment('t1', '2026-01-01T10:00:00.000Z')] }
    const merged = mergeVisit(base, master, next)
    expect(merged.comments?.map(c => c.id)).toEqual(['t1', 'm1'])
    expect(merged.outcome).toBe('purchase')
  })

  it('leaves a visit without comments without the field', () => {
    const base = makeVisit()
    expect('comments' in mergeVisit(base, base, { ...base, outcome: 'no_purchase' })).toBe(false)
  })
})
