/**
 * The visit the associate is running on this tablet. Its id is kept in localStorage so a
 * reload (or a crash, or the auto-lock) comes back to the same open visit; while it is open
 * the app is not updated under the associate's feet (useUpdateStore().hold).
 */
import type { VisitState } from '../db/visits'
import type { VisitEndOutcome } from '../domain/visit-end'
import type { AppointmentDoc, InteractionDoc, VisitDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CustomerSummary } from '../models/customer'
import { appointmentOfVisit } from '../db/appointments'
import { searchCustomers } from '../db/customers'
import { endVisit, getCustomerName, getVisit, linkVisitCustomer, logInteraction, startVisit, subscribeVisit } from '../db/visits'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'
import { useUpdateStore } from './update'

export const OPEN_VISIT_KEY = 'clienteling.openVisit'
export type VisitStatus = 'idle' | 'loading' | 'ready' | 'missing' | 'error'
export type LogType = 'shown' | 'tried_on' | 'recommended' | 'note' | 'follow_up'
export interface LogDetails { sku?: string, size?: string, text?: string, dueAt?: string, shared?: boolean }

const storage = () => (typeof localStorage === 'undefined' ? null : localStorage)

export const useVisitStore = defineStore('visit', () => {
  const openVisitId = ref<string | null>(storage()?.getItem(OPEN_VISIT_KEY) ?? null)
  const visit = ref<VisitDoc | null>(null)
  const interactions = ref<InteractionDoc[]>([])
  const status = ref<VisitStatus>('idle')
  const error = ref<string | null>(null)
  const customerName = ref<string | null>(null)
  /** the appointment the visit came from: its products to prepare are at hand during the visit */
  const appointment = ref<AppointmentDoc | null>(null)
  const isOpen = computed(() => visit.value?.outcome === 'open')

  let release: (() => void) | null = null
  let unsubscribe: (() => void) | null = null

  function holdUpdates(): void {
    release ??= useUpdateStore().hold('visit')
  }
  function releaseUpdates(): void {
    release?.()
    release = null
  }
  function remember(id: string | null): void {
    openVisitId.value = id
    if (id)
      storage()?.setItem(OPEN_VISIT_KEY, id)
    else
      storage()?.removeItem(OPEN_VISIT_KEY)
  }

  // A visit left open before a reload holds updates straight away, before any screen opens.
  if (openVisitId.value)
    holdUpdates()

  function apply(state: VisitState): void {
    const customerId = state.visit?.customerId ?? null
    if (customerId && customerId !== visit.value?.customerId)
      void getCustomerName(customerId).then((name) => { customerName.value = name })
    visit.value = state.visit
    interactions.value = state.interactions
    status.value = state.visit ? 'ready' : 'missing'
    if (state.visit && state.visit.outcome !== 'open' && openVisitId.value === state.visit.id) {
      remember(null)
      releaseUpdates()
    }
  }

  /** Watches a visit (the open one, or an ended one shown read-only). */
  async function open(visitId: string): Promise<void> {
    if (visit.value?.id === visitId && unsubscribe)
      return
    close()
    status.value = 'loading'
    error.value = null
    void appointmentOfVisit(visitId).then((found) => {
      if (found?.visitId === visitId)
        appointment.value = found
    }, () => undefined)
    try {
      const stop = await subscribeVisit(visitId, {
        next: apply,
        error: (e: unknown) => fail(e),
      })
      unsubscribe = stop
    }
    catch (e) {
      fail(e)
    }
  }

  function fail(e: unknown): void {
    status.value = 'error'
    error.value = e instanceof Error ? e.message : String(e)
  }

  function close(): void {
    unsubscribe?.()
    unsubscribe = null
    visit.value = null
    appointment.value = null
    customerName.value = null
    interactions.value = []
    status.value = 'idle'
  }

  /** Starts a visit for a customer, or a walk-in (null). An open visit is resumed, not doubled. */
  async function start(customerId: string | null): Promise<string> {
    if (openVisitId.value) {
      const current = await getVisit(openVisitId.value)
      if (current?.outcome === 'open')
        return current.id
      remember(null)
    }
    const created = await startVisit({
      storeId: storeId(),
      associateId: useSessionStore().associateId,
      customerId,
    })
    remember(created.id)
    holdUpdates()
    return created.id
  }

  async function log(type: LogType, details: LogDetails = {}): Promise<void> {
    const current = visit.value
    if (!current || current.outcome !== 'open')
      throw new Error('No open visit to record this on.')
    await logInteraction({ visit: current, type, ...details })
  }

  /** Ends the visit; returns where to go next (the customer's id, or null for a walk-in). */
  async function end(outcome: VisitEndOutcome): Promise<string | null> {
    const current = visit.value
    if (!current)
      throw new Error('No visit to end.')
    await endVisit(current.id, outcome)
    if (openVisitId.value === current.id)
      remember(null)
    releaseUpdates()
    return current.customerId
  }

  /** Customers on this tablet matching what the associate typed, to link a walk-in visit to. */
  function findCustomers(query: string): Promise<CustomerSummary[]> {
    return searchCustomers(query)
  }

  /** Links the shown walk-in visit to a customer (once); its interactions follow through the visit. */
  async function link(customerId: string): Promise<void> {
    const current = visit.value
    if (!current)
      throw new Error('No visit to link.')
    const linked = await linkVisitCustomer(current.id, customerId)
    visit.value = linked
    customerName.value = await getCustomerName(customerId)
  }

  function storeId(): string {
    const id = useDeviceStore().storeId
    if (!id)
      throw new Error('This tablet is not enrolled in a store.')
    return id
  }

  return { openVisitId, visit, appointment, customerName, interactions, status, error, isOpen, open, close, start, log, end, findCustomers, link }
})
