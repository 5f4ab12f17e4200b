/** Appointment KPIs against the hand-computed month (test/fixtures/kpi-month.ts); the server's SQL must return the same. */
import { describe, expect, it } from 'vitest'
import { appointmentKpis } from '../../src/domain/appointment-kpis'
import { withAppointments } from '../fixtures/kpi-month'

describe('appointment KPIs', () => {
  const result = appointmentKpis(withAppointments)

  it('counts the store\'s bookings of the period by who made them, and the share of due appointments that came', () => {
    // booked in November: ap2, ap3 (web), ap4, ap5, ap6 (tablet); due in November and marked: ap1, ap2, ap3 came, ap4 did not
    expect(result.store).toMatchObject({ booked: 5, bookedByStaff: 3, bookedByCustomer: 2, showRate: 3 / 4 })
  })

  it('sets the visits appointments became against walk-ins: conversion and average basket', () => {
    // v1 (o1 10,000), v4 (o2 24,000), v5 (no sale) against v2, v3 and v7 (o3 8,000)
    expect(result.store).toMatchObject({ appointmentVisits: 3, appointmentConversion: 2 / 3, appointmentBasketMinor: 17_000, walkInVisits: 3, walkInConversion: 1 / 3, walkInBasketMinor: 8_000 })
  })

  it('gives each associate their own, and leaves another store\'s out', () => {
    expect(result.associates).toEqual({
      A: { booked: 3, bookedByStaff: 2, bookedByCustomer: 1, showRate: 2 / 3, appointmentVisits: 2, appointmentConversion: 1 / 2, appointmentBasketMinor: 10_000, walkInVisits: 2, walkInConversion: 1 / 2, walkInBasketMinor: 8_000 },
      B: { booked: 2, bookedByStaff: 1, bookedByCustomer: 1, showRate: 1, appointmentVisits: 1, appointmentConversion: 1, appointmentBasketMinor: 24_000, walkInVisits: 1, walkInConversion: 0, walkInBasketMinor: null },
    })
  })

  it('has nothing to divide in an empty month', () => {
    const empty = appointmentKpis({ ...withAppointments, appointments: [], visits: [] })
    expect(empty.store).toEqual({ booked: 0, bookedByStaff: 0, bookedByCustomer: 0, showRate: null, appointmentVisits: 0, appointmentConversion: null, appointmentBasketMinor: null, walkInVisits: 0, walkInConversion: null, walkInBasketMinor: null })
    expect(empty.associates).toEqual({})
  })
})
