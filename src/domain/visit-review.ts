/**
 * The manager's visit list: which visits a set of filters keeps, and the rows of its CSV.
 */
import type { Cell } from './csv'
import type { Kpis, Period } from '../shared/endpoints'
import type { OrderDoc, VisitDoc, VisitOutcome } from '../shared/types'
import { foldText } from '../shared/search'

export type WhoFilter = 'all' | 'identified' | 'walk-in'

export interface VisitFilters {
  period: Period
  associateId: string | null
  outcome: VisitOutcome | null
  who: WhoFilter
  /** part of the customer's name, any case or accents */
  customer: string
}

export function filterVisits(visits: readonly VisitDoc[], storeId: string, f: VisitFilters, customerNames: Record<string, string>): VisitDoc[] {
  const wanted = foldText(f.customer)
  return visits
    .filter(v => v.storeId === storeId && v.startedAt >= f.period.from && v.startedAt < f.period.to)
    .filter(v => !f.associateId || v.associateId === f.associateId)
    .filter(v => !f.outcome || v.outcome === f.outcome)
    .filter(v => f.who === 'all' || (f.who === 'identified') === (v.customerId !== null))
    .filter(v => !wanted || (v.customerId !== null && foldText(customerNames[v.customerId] ?? '').includes(wanted)))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
}

export const VISIT_CSV_HEADER = ['visit', 'started', 'ended', 'associate', 'customer', 'outcome', 'order', 'total', 'currency', 'comments']

export function visitCsvRows(visits: readonly VisitDoc[], names: { customers: Record<string, string>, associates: Record<string, string> }, orders: ReadonlyMap<string, OrderDoc>): Cell[][] {
  return visits.map((v) => {
    const order = v.orderId ? orders.get(v.orderId) : undefined
    return [
      v.id,
      v.startedAt,
      v.endedAt,
      names.associates[v.associateId] ?? v.associateId,
      v.customerId ? (names.customers[v.customerId] ?? v.customerId) : null,
      v.outcome,
      v.orderId,
      order ? order.totalMinor / 100 : null,
      order?.currency ?? null,
      v.comments?.length ?? 0,
    ]
  })
}

export const KPI_CSV_HEADER = ['who', 'visits', 'identified share', 'conversion', 'average basket', 'units per transaction', 'clienteling actions', 'follow-ups due', 'follow-ups overdue', 'influenced sales']

export function kpiCsvRows(rows: readonly { who: string, kpis: Kpis }[]): Cell[][] {
  return rows.map(({ who, kpis: k }) => [
    who,
    k.visits,
    k.identifiedShare,
    k.conversion,
    k.averageBasketMinor === null ? null : k.averageBasketMinor / 100,
    k.unitsPerTransaction,
    k.clientelingActions,
    k.followUpsDue,
    k.followUpsOverdue,
    k.influencedSalesMinor / 100,
  ])
}
