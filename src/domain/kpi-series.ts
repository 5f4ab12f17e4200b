/**
 * The series behind the manager's charts: visits and conversion per day, per hour of day and
 * per associate. Days and hours are the store's local ones (its time zone), not UTC: a visit
 * at 00:30 in Rome belongs to that Roman day, and the evening peak shows at 18–19, not 17.
 */
import type { Period } from '../shared/endpoints'
import type { VisitDoc } from '../shared/types'

export interface SeriesPoint { visits: number, purchases: number, conversion: number | null }

const purchased = (v: VisitDoc) => v.outcome === 'purchase' || v.orderId !== null
const inPeriod = (v: VisitDoc, p: Period) => v.startedAt >= p.from && v.startedAt < p.to
const point = (visits: number, purchases: number): SeriesPoint => ({ visits, purchases, conversion: visits ? purchases / visits : null })

function localParts(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
  return (iso: string) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map(p => [p.type, p.value]))
    return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) }
  }
}

export function visitsPerDay(visits: readonly VisitDoc[], period: Period, timeZone: string): (SeriesPoint & { day: string })[] {
  const local = localParts(timeZone)
  const days = new Map<string, [number, number]>()
  // Every local day of the period, empty ones too; half-day steps can't skip a day across DST.
  const last = local(new Date(Date.parse(period.to) - 1).toISOString()).day
  for (let t = Date.parse(period.from); ; t += 43_200_000) {
    const day = local(new Date(t).toISOString()).day
    days.set(day, [0, 0])
    if (day >= last)
      break
  }
  for (const v of visits) {
    if (!inPeriod(v, period))
      continue
    const counts = days.get(local(v.startedAt).day)
    if (counts) {
      counts[0]++
      if (purchased(v))
        counts[1]++
    }
  }
  return [...days].map(([day, [n, p]]) => ({ day, ...point(n, p) }))
}

export function visitsPerHour(visits: readonly VisitDoc[], period: Period, timeZone: string): (SeriesPoint & { hour: number })[] {
  const local = localParts(timeZone)
  const hours = Array.from({ length: 24 }, () => [0, 0] as [number, number])
  for (const v of visits) {
    if (!inPeriod(v, period))
      continue
    const counts = hours[local(v.startedAt).hour]!
    counts[0]++
    if (purchased(v))
      counts[1]++
  }
  return hours.map(([n, p], hour) => ({ hour, ...point(n, p) }))
}

export function visitsPerAssociate(visits: readonly VisitDoc[], period: Period, associates: readonly { id: string, displayName: string }[]): (SeriesPoint & { associateId: string, name: string })[] {
  const names = new Map(associates.map(a => [a.id, a.displayName]))
  const by = new Map<string, [number, number]>()
  for (const v of visits) {
    if (!inPeriod(v, period))
      continue
    const counts = by.get(v.associateId) ?? [0, 0]
    counts[0]++
    if (purchased(v))
      counts[1]++
    by.set(v.associateId, counts)
  }
  return [...by]
    .map(([associateId, [n, p]]) => ({ associateId, name: names.get(associateId) ?? associateId, ...point(n, p) }))
    .sort((a, b) => b.visits - a.visits || a.name.localeCompare(b.name))
}

/**
 * The conversion line as the chart draws it: percent with one decimal, and a gap where there
 * were no visits. Conversion there is not 0 %, it is nothing: the line must not be drawn
 * across those hours or days (`spanGaps: false`).
 */
export function conversionLine(conversion: readonly (number | null)[]): { data: (number | null)[], spanGaps: false } {
  return { data: conversion.map(c => (c === null ? null : Math.round(c * 1000) / 10)), spanGaps: false }
}
