/**
 * The KPIs against a small store month computed by hand (the numbers in the comments).
 */
import type { InteractionDoc, OrderDoc, VisitDoc } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { computeKpis, influencedSales, kpisByAssociate } from '../../src/domain/kpis'
import { makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'

const day = (d: string, time = '10:00') => `2026-${d}T${time}:00.000Z`
const visit = (id: string, associateId: string, customerId: string | null, startedAt: string, outcome: VisitDoc['outcome'], orderId: string | null = null): VisitDoc =>
  makeVisit({ id, associateId, customerId, startedAt, outcome, orderId, storeId: 's1' })
const act = (id: string, visitId: string, associateId: string, customerId: string | null, type: InteractionDoc['type'], at: string, extra: Partial<InteractionDoc> = {}): InteractionDoc =>
  makeInteraction({ id, visitId, associateId, customerId, type, at, storeId: 's1', sku: null, size: null, text: null, dueAt: null, ...extra })
const line = (sku: string, qty: number, unit: number) => ({ sku, name: sku, size: '', qty, unitPriceMinor: unit, discountMinor: 0, discountReason: null, totalMinor: qty * unit })
const order = (id: string, channel: OrderDoc['channel'], associateId: string | null, customerId: string, placedAt: string, lines: ReturnType<typeof line>[]): OrderDoc =>
  makeOrder({ id, channel, associateId, customerId, placedAt, storeId: channel === 'store' ? 's1' : null, lines, totalMinor: lines.reduce((n, l) => n + l.totalMinor, 0) })

const visits = [
  visit('v0', 'A', 'c1', day('10-28'), 'no_purchase'), // before the period
  visit('v1', 'A', 'c1', day('11-02'), 'purchase', 'o1'),
  visit('v2', 'A', null, day('11-03'), 'no_purchase'),
  visit('v3', 'B', 'c2', day('11-05'), 'follow_up'),
  visit('v4', 'B', 'c3', day('11-10'), 'purchase', 'o2'),
  visit('v5', 'A', 'c4', day('11-19'), 'no_purchase'),
]
const interactions = [
  act('i0', 'v0', 'A', 'c1', 'note', day('10-28')), // before the period
  act('i1', 'v1', 'A', 'c1', 'tried_on', day('11-02'), { sku: 'SKU-T' }),
  act('i2', 'v1', 'A', 'c1', 'note', day('11-02', '10:05'), { text: 'regalo' }),
  act('i3', 'v2', 'A', null, 'recommended', day('11-03'), { sku: 'SKU-Z' }),
  act('i4', 'v3', 'B', 'c2', 'recommended', day('11-05'), { sku: 'SKU-R' }),
  act('i5', 'v3', 'B', 'c2', 'follow_up', day('11-05', '10:10'), { dueAt: day('11-15') }), // closed: c2 ordered online on 11-12
  act('i6', 'v4', 'B', 'c3', 'added_to_cart', day('11-10'), { sku: 'SKU-C' }),
  act('i7', 'v4', 'B', 'c3', 'follow_up', day('11-10', '10:10'), { dueAt: day('11-25') }), // closed: c3 ordered on 11-15
  act('i8', 'v2', 'A', null, 'follow_up', day('11-03', '10:10'), { dueAt: day('11-18') }), // open, overdue at 11-20
  act('i9', 'v5', 'A', 'c4', 'follow_up', day('11-19', '10:10'), { dueAt: day('11-28') }), // open, due
]
const orders = [
  order('o-old', 'store', 'A', 'c1', day('10-15'), [line('SKU-OLD', 1, 9_999)]), // before the period
  order('o1', 'store', 'A', 'c1', day('11-02', '10:30'), [line('SKU-T', 2, 5_000)]),
  order('o2', 'store', 'B', 'c3', day('11-10', '10:30'), [line('SKU-C', 1, 20_000), line('SKU-Y', 1, 4_000)]),
  order('w1', 'web', null, 'c2', day('11-12'), [line('SKU-R', 1, 15_000), line('SKU-X', 1, 5_000)]), // SKU-R: B recommended it 7 days before
  order('w2', 'app', null, 'c1', day('11-25'), [line('SKU-T', 1, 5_000)]), // tried 23 days before: too long ago
  order('w3', 'web', null, 'c3', day('11-15'), [line('SKU-C', 1, 8_000)]), // B added it to the cart 5 days before
]
const input = { visits, interactions, orders, period: { from: day('11-01', '00:00'), to: day('12-01', '00:00') }, asOf: day('11-20', '12:00') }

describe('store KPIs for a month', () => {
  it.each([
    ['visits', 5],
    ['identifiedShare', 4 / 5],
    ['conversion', 2 / 5],
    ['averageBasketMinor', (10_000 + 24_000) / 2],
    ['unitsPerTransaction', (2 + 2) / 2],
    ['clientelingActions', 4],
    ['followUpsDue', 1],
    ['followUpsOverdue', 1],
    ['influencedSalesMinor', 15_000 + 8_000],
  ] as const)('%s', (kpi, expected) => {
    expect(computeKpis(input)[kpi]).toBe(expected)
  })

  it('per associate, with the influenced sales credited to whoever touched the product', () => {
    const by = kpisByAssociate(input)
    expect(by.A).toEqual({ visits: 3, identifiedShare: 2 / 3, conversion: 1 / 3, averageBasketMinor: 10_000, unitsPerTransaction: 2, clientelingActions: 2, followUpsDue: 1, followUpsOverdue: 1, influencedSalesMinor: 0 })
    expect(by.B).toEqual({ visits: 2, identifiedShare: 1, conversion: 1 / 2, averageBasketMinor: 24_000, unitsPerTransaction: 2, clientelingActions: 2, followUpsDue: 0, followUpsOverdue: 0, influencedSalesMinor: 23_000 })
  })

  it('names the influenced lines', () => {
    expect(influencedSales(input).map(s => [s.orderId, s.sku, s.associateId])).toEqual([['w1', 'SKU-R', 'B'], ['w3', 'SKU-C', 'B']])
  })

  it('has no ratios for a period without visits or orders', () => {
    const empty = computeKpis({ ...input, period: { from: day('12-01', '00:00'), to: day('12-02', '00:00') } })
    expect([empty.visits, empty.identifiedShare, empty.conversion, empty.averageBasketMinor]).toEqual([0, null, null, null])
  })
})
