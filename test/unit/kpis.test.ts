/**
 * The KPIs against a small store month computed by hand (the numbers in the comments).
 */
import { describe, expect, it } from 'vitest'
import { computeKpis, influencedSales, kpisByAssociate } from '../../src/domain/kpis'
import { day, input } from '../fixtures/kpi-month'

describe('store KPIs for a month', () => {
  it.each([
    ['visits', 6],
    ['identifiedShare', 5 / 6],
    ['conversion', 3 / 6],
    ['averageBasketMinor', (10_000 + 24_000 + 8_000) / 3],
    ['unitsPerTransaction', (2 + 2 + 1) / 3],
    ['clientelingActions', 4],
    // v5's, and v7's: the sale v7 ended in is not the customer coming back
    ['followUpsDue', 2],
    ['followUpsOverdue', 1],
    ['influencedSalesMinor', 15_000 + 8_000],
  ] as const)('%s', (kpi, expected) => {
    expect(computeKpis(input)[kpi]).toBe(expected)
  })

  it('per associate, with the influenced sales credited to whoever touched the product', () => {
    const by = kpisByAssociate(input)
    expect(by.A).toEqual({ visits: 4, identifiedShare: 3 / 4, conversion: 2 / 4, averageBasketMinor: 9_000, unitsPerTransaction: 1.5, clientelingActions: 2, followUpsDue: 2, followUpsOverdue: 1, influencedSalesMinor: 0 })
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
