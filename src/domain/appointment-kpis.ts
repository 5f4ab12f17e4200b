/**
 * What appointments bring, for the manager, with their definitions (the dashboard shows them);
 * sync-server/reports/kpis.ts is the same in SQL, checked against the same hand-computed month.
 * - booked: the store's appointments created in the period, by staff (on a tablet) and by
 *   customers (on the booking page); an associate's are those booked with them;
 * - show rate: of the store's appointments starting in the period that were marked arrived or
 *   did not come, the share that arrived (cancelled ones and ones not yet marked are left out);
 * - appointment visits: the store's visits started in the period that an appointment became
 *   (its visit); walk-ins: every other visit of the store started in the period;
 * - conversion: those visits that ended in a purchase ÷ those visits;
 * - average basket: the total of the orders those visits ended in ÷ their number.
 * An associate's visits are the visits they ran. The associates listed are those with an
 * appointment booked or starting, or a visit, in the period.
 */
import type { AppointmentDoc, OrderDoc, VisitDoc } from '../shared/types'
import type { AppointmentKpis, Period } from '../shared/endpoints'

export type { AppointmentKpis } from '../shared/endpoints'

export interface AppointmentKpiInput {
  storeId: string
  period: Period
  appointments: readonly AppointmentDoc[]
  visits: readonly VisitDoc[]
  orders: readonly OrderDoc[]
}

const inPeriod = (at: string, p: Period) => at >= p.from && at < p.to
const ratio = (a: number, b: number) => (b === 0 ? null : a / b)

function kpisOf(input: AppointmentKpiInput, associateId: string | null, converted: Set<string>, totals: Map<string, number>): AppointmentKpis {
  const mine = (who: string) => associateId === null || who === associateId
  const appointments = input.appointments.filter(a => a.storeId === input.storeId && mine(a.associateId))
  const booked = appointments.filter(a => inPeriod(a.createdAt, input.period))
  const decided = appointments.filter(a => inPeriod(a.start, input.period) && (a.status === 'arrived' || a.status === 'no-show'))
  const visits = input.visits.filter(v => v.storeId === input.storeId && mine(v.associateId) && inPeriod(v.startedAt, input.period))
  const side = (list: VisitDoc[]) => {
    const baskets = list.flatMap(v => (v.orderId && totals.has(v.orderId) ? [totals.get(v.orderId)!] : []))
    return {
      visits: list.length,
      conversion: ratio(list.filter(v => v.outcome === 'purchase').length, list.length),
      basket: baskets.length ? Math.round(baskets.reduce((n, t) => n + t, 0) / baskets.length) : null,
    }
  }
  const byAppointment = side(visits.filter(v => converted.has(v.id)))
  const walkIn = side(visits.filter(v => !converted.has(v.id)))
  return {
    booked: booked.length,
    bookedByStaff: booked.filter(a => a.source === 'tablet').length,
    bookedByCustomer: booked.filter(a => a.source === 'web').length,
    showRate: ratio(decided.filter(a => a.status === 'arrived').length, decided.length),
    appointmentVisits: byAppointment.visits,
    appointmentConversion: byAppointment.conversion,
    appointmentBasketMinor: byAppointment.basket,
    walkInVisits: walkIn.visits,
    walkInConversion: walkIn.conversion,
    walkInBasketMinor: walkIn.basket,
  }
}

export function appointmentKpis(input: AppointmentKpiInput): { store: AppointmentKpis, associates: Record<string, AppointmentKpis> } {
  const own = input.appointments.filter(a => a.storeId === input.storeId)
  const converted = new Set(own.flatMap(a => (a.visitId ? [a.visitId] : [])))
  const totals = new Map(input.orders.map(o => [o.id, o.totalMinor]))
  const ids = new Set([
    ...own.filter(a => inPeriod(a.createdAt, input.period) || inPeriod(a.start, input.period)).map(a => a.associateId),
    ...input.visits.filter(v => v.storeId === input.storeId && inPeriod(v.startedAt, input.period)).map(v => v.associateId),
  ])
  return {
    store: kpisOf(input, null, converted, totals),
    associates: Object.fromEntries([...ids].sort().map(id => [id, kpisOf(input, id, converted, totals)])),
  }
}
