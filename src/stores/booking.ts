/**
 * Booking an appointment on the tablet, or moving one: the purpose suggests who (specialists
 * first), the chosen associate's free slots that day come from the store's hours, their week
 * and what they already have (read from this tablet's database, offline too), and the
 * products to prepare are picked from the customer's lists, their visits or the catalogue.
 */
import type { Slot } from '../domain/availability'
import type { AppointmentDoc, AppointmentPurpose, PreparedProduct } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { associateDay, bookAppointment, changeAppointment, getAppointment } from '../db/appointments'
import { associateSlots, PURPOSE_MINUTES, whoFor } from '../domain/availability'
import { addDays, storeDay, storeInstant } from '../domain/store-days'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

export const DURATIONS = [30, 45, 60, 90] as const
const STEP_MINUTES = 15

export const useBookingStore = defineStore('booking', () => {
  const device = useDeviceStore()
  const session = useSessionStore()
  const timeZone = computed(() => device.store?.timezone || 'Europe/Rome')

  const customerId = ref<string | null>(null)
  /** the appointment being moved; null for a new booking */
  const editing = shallowRef<AppointmentDoc | null>(null)
  const purpose = ref<AppointmentPurpose>('styling')
  const associateId = ref<string | null>(null)
  const day = ref(storeDay(new Date(), timeZone.value))
  const duration = ref<number>(60)
  const start = ref<string | null>(null)
  const notes = ref('')
  const products = ref<PreparedProduct[]>([])
  const slots = shallowRef<Slot[]>([])

  /** Who to offer, specialists in the purpose first (the screen marks them). */
  const candidates = computed(() => whoFor(purpose.value, session.associates.filter(a => a.storeId === device.storeId)))

  async function begin(customer: string, appointmentId?: string): Promise<void> {
    customerId.value = customer
    editing.value = appointmentId ? await getAppointment(appointmentId) : null
    const a = editing.value
    purpose.value = a?.purpose ?? 'styling'
    associateId.value = a?.associateId ?? candidates.value[0]?.id ?? null
    day.value = a ? storeDay(a.start, timeZone.value) : storeDay(new Date(), timeZone.value)
    duration.value = a ? Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000) : PURPOSE_MINUTES[purpose.value]
    start.value = a?.start ?? null
    notes.value = a?.notes ?? ''
    products.value = a ? [...a.products] : []
    await refreshSlots()
  }

  /** A new purpose offers its specialist first (unless the associate chosen is one too) and lasts as long as that kind does. */
  async function choosePurpose(next: AppointmentPurpose): Promise<void> {
    purpose.value = next
    duration.value = PURPOSE_MINUTES[next]
    const chosen = session.associates.find(a => a.id === associateId.value)
    if (!chosen || !(chosen.specialties ?? []).includes(next))
      associateId.value = candidates.value[0]?.id ?? associateId.value
    await refreshSlots()
  }

  async function refreshSlots(): Promise<void> {
    const who = session.associates.find(a => a.id === associateId.value)
    if (!who) {
      slots.value = []
      return
    }
    const from = storeInstant(day.value, '00:00', timeZone.value).toISOString()
    const to = storeInstant(addDays(day.value, 1), '00:00', timeZone.value).toISOString()
    const theirs = (await associateDay(who.id, from, to)).filter(a => a.id !== editing.value?.id)
    slots.value = associateSlots({
      day: day.value,
      timeZone: timeZone.value,
      durationMinutes: duration.value,
      stepMinutes: STEP_MINUTES,
      notBefore: new Date(),
      hours: device.store?.hours,
      associate: who,
      appointments: theirs,
    })
    // The time kept when moving stays chosen if it is still free; any other choice is dropped.
    if (start.value && !slots.value.some(s => s.start === start.value))
      start.value = null
  }

  function toggleProduct(product: PreparedProduct): void {
    const has = products.value.some(p => p.sku === product.sku && p.size === product.size)
    products.value = has ? products.value.filter(p => !(p.sku === product.sku && p.size === product.size)) : [...products.value, product]
  }

  /** Writes the booking (or the move) locally; returns its id. */
  async function save(): Promise<string> {
    const slot = slots.value.find(s => s.start === start.value)
    if (!customerId.value || !associateId.value || !slot || !device.storeId)
      throw new Error('Choose who and when first.')
    const a = editing.value
    if (a) {
      await changeAppointment(a.id, { kind: 'move', associateId: associateId.value, start: slot.start, end: slot.end })
      await changeAppointment(a.id, { kind: 'details', purpose: purpose.value, notes: notes.value, products: products.value })
      return a.id
    }
    const booked = await bookAppointment({
      storeId: device.storeId,
      customerId: customerId.value,
      associateId: associateId.value,
      purpose: purpose.value,
      start: slot.start,
      end: slot.end,
      notes: notes.value,
      products: products.value,
      createdBy: session.associateId,
    })
    return booked.id
  }

  return { customerId, editing, purpose, associateId, day, duration, start, notes, products, slots, candidates, timeZone, begin, choosePurpose, refreshSlots, toggleProduct, save }
})
