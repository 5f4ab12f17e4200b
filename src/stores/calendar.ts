/**
 * The store calendar: a day or a week of the store's appointments, followed live (a booking
 * from another tablet or the web appears without a reload), and what an associate does to one
 * — mark the customer arrived (a visit starts with the prepared products at hand), a no-show,
 * a cancellation with its reason. Every change is written locally first.
 */
import type { Subscription } from 'rxjs'
import type { CalendarEntry } from '../models/appointments'
import type { AppointmentDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { changeAppointment, markArrived, watchStoreAppointments } from '../db/appointments'
import { getVisit } from '../db/visits'
import { weekOf } from '../models/appointments'
import { addDays, storeDay, storeInstant } from '../domain/store-days'
import { useDeviceStore } from './device'
import { useVisitStore } from './visit'

export type CalendarView = 'day' | 'week'
export type CalendarState = 'idle' | 'loading' | 'ready' | 'error'
export type CancelReason = NonNullable<AppointmentDoc['cancelReason']>

export class VisitOpenElsewhere extends Error {
  constructor() {
    super('Another customer\'s visit is open on this tablet.')
  }
}

export const useCalendarStore = defineStore('calendar', () => {
  const device = useDeviceStore()
  const timeZone = computed(() => device.store?.timezone || 'Europe/Rome')
  const view = ref<CalendarView>('day')
  const day = ref(storeDay(new Date(), timeZone.value))
  /** 'all', or one associate's id */
  const associate = ref('all')
  const entries = shallowRef<CalendarEntry[]>([])
  const state = ref<CalendarState>('idle')
  let sub: Subscription | undefined

  const days = computed(() => view.value === 'day' ? [day.value] : weekOf(day.value))
  const shown = computed(() => associate.value === 'all' ? entries.value : entries.value.filter(e => e.appointment.associateId === associate.value))

  function follow(): void {
    sub?.unsubscribe()
    const storeId = device.storeId
    if (!storeId)
      return
    state.value = 'loading'
    const first = days.value[0]!
    const from = storeInstant(first, '00:00', timeZone.value).toISOString()
    const to = storeInstant(addDays(days.value.at(-1)!, 1), '00:00', timeZone.value).toISOString()
    sub = watchStoreAppointments(storeId, from, to).subscribe({
      next: (list) => {
        entries.value = list
        state.value = 'ready'
      },
      error: () => {
        state.value = 'error'
      },
    })
  }

  function show(next: { view?: CalendarView, day?: string, associate?: string }): void {
    view.value = next.view ?? view.value
    day.value = next.day ?? day.value
    associate.value = next.associate ?? associate.value
    follow()
  }

  function stop(): void {
    sub?.unsubscribe()
    sub = undefined
    state.value = 'idle'
  }

  /** The customer is here: their visit starts (or the one already open for them goes on), linked to the appointment. */
  async function arrive(appointment: AppointmentDoc): Promise<string> {
    if (appointment.visitId)
      return appointment.visitId
    const visit = useVisitStore()
    if (visit.openVisitId) {
      const open = await getVisit(visit.openVisitId)
      if (open?.outcome === 'open' && open.customerId !== appointment.customerId)
        throw new VisitOpenElsewhere()
    }
    const visitId = await visit.start(appointment.customerId)
    await markArrived(appointment.id, visitId)
    return visitId
  }

  const noShow = (appointment: AppointmentDoc) => changeAppointment(appointment.id, { kind: 'no-show' })
  const cancel = (appointment: AppointmentDoc, reason: CancelReason) => changeAppointment(appointment.id, { kind: 'cancel', reason })

  return { view, day, associate, days, entries, shown, state, timeZone, show, follow, stop, arrive, noShow, cancel }
})
