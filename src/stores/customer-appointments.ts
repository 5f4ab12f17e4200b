/**
 * A customer's appointments on their profile, followed live: what is coming (to prepare, move
 * or cancel) and what happened (arrived, missed, cancelled).
 */
import type { Subscription } from 'rxjs'
import type { AppointmentDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { watchCustomerAppointments } from '../db/appointments'

export const useCustomerAppointmentsStore = defineStore('customerAppointments', () => {
  const all = shallowRef<AppointmentDoc[]>([])
  let sub: Subscription | undefined

  /** soonest first: the next one leads */
  const upcoming = computed(() => all.value.filter(a => a.status === 'booked' && Date.parse(a.end) > Date.now()).reverse())
  /** newest first */
  const past = computed(() => all.value.filter(a => !upcoming.value.includes(a)).slice(0, 5))

  function follow(customerId: string): void {
    sub?.unsubscribe()
    all.value = []
    sub = watchCustomerAppointments(customerId).subscribe({
      next: (list) => {
        all.value = list
      },
      // The profile still shows without them: the list stays empty rather than breaking the screen.
      error: (error: unknown) => {
        console.error(error)
        all.value = []
      },
    })
  }

  function close(): void {
    sub?.unsubscribe()
    sub = undefined
    all.value = []
  }

  return { all, upcoming, past, follow, close }
})
