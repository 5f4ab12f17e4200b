/**
 * The associate's Today list (src/domain/today.ts derives it): the store's data read once when
 * the screen opens (and again on "refresh"), the store's decisions followed live so a task done
 * on another tablet leaves this list at once. A decision is written locally first and
 * replicates like any other change.
 */
import type { Subscription } from 'rxjs'
import type { SyncProblem } from '../domain/problems'
import type { TodayTask } from '../domain/today'
import type { TodayData } from '../db/today'
import type { CustomerDoc, TaskDoc, TaskOutcome } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CalendarEntry } from '../models/appointments'
import { watchStoreAppointments } from '../db/appointments'
import { decideTask, loadTodayData, watchTaskDecisions } from '../db/today'
import { classifySyncError } from '../domain/problems'
import { addDays, storeDay, storeInstant } from '../domain/store-days'
import { storeSettings } from '../domain/store-settings'
import { todayTasks } from '../domain/today'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

export type TodayState = 'idle' | 'loading' | 'ready' | 'error'
export type SnoozeChoice = 'tomorrow' | 'next-week'
/** an associate's own list, or (a manager's) the whole store's */
export type TodayScope = 'mine' | 'store'

export const useTodayStore = defineStore('today', () => {
  const state = ref<TodayState>('idle')
  const failure = ref<SyncProblem | null>(null)
  const data = shallowRef<TodayData | null>(null)
  const decisions = shallowRef<TaskDoc[]>([])
  const now = ref(new Date())
  const scope = ref<TodayScope>('mine')
  /** reads of the data completed so far: the list says when it was last read (tests wait on it) */
  const reads = ref(0)
  let decisionsSub: Subscription | undefined
  /** the store's appointments today, live (a booking from the web appears at once) */
  const storeAppointments = shallowRef<CalendarEntry[]>([])
  let appointmentsSub: Subscription | undefined

  const device = useDeviceStore()
  const session = useSessionStore()
  const timeZone = computed(() => device.store?.timezone || 'Europe/Rome')
  const settings = computed(() => storeSettings(device.store?.settings))

  const tasks = computed((): TodayTask[] => {
    if (!data.value || !session.associate)
      return []
    const everyone = scope.value === 'store' && session.isManager
    return todayTasks({ ...data.value, now: now.value, timeZone: timeZone.value, associateId: session.associateId, settings: settings.value, decisions: decisions.value, everyone })
  })
  /** whom a manager may hand a task to: the store's active associates */
  const colleagues = computed(() => session.associates.filter(a => a.active && a.storeId === device.storeId).map(a => ({ id: a.id, name: a.displayName })))
  const nameOf = (id: string) => colleagues.value.find(a => a.id === id)?.name ?? id
  const customers = computed(() => new Map<string, CustomerDoc>((data.value?.customers ?? []).map(c => [c.id, c])))

  async function load(): Promise<void> {
    const storeId = device.storeId
    if (!storeId)
      return
    state.value = data.value ? 'ready' : 'loading'
    now.value = new Date()
    try {
      data.value = await loadTodayData(storeId, now.value, settings.value.lapsedDays, timeZone.value)
      if (!appointmentsSub) {
        const day = storeDay(now.value, timeZone.value)
        appointmentsSub = watchStoreAppointments(storeId, storeInstant(day, '00:00', timeZone.value).toISOString(), storeInstant(addDays(day, 1), '00:00', timeZone.value).toISOString())
          .subscribe({
            next: (list) => {
              storeAppointments.value = list
            },
            // Today's list still shows without them.
            error: (error: unknown) => console.error(error),
          })
      }
      if (!decisionsSub) {
        decisionsSub = (await watchTaskDecisions(storeId)).subscribe((docs) => {
          decisions.value = docs
        })
      }
      failure.value = null
      state.value = 'ready'
      reads.value += 1
    }
    catch (error) {
      failure.value = classifySyncError(error)
      state.value = 'error'
    }
  }

  async function decide(task: TodayTask, change: Pick<TaskDoc, 'state' | 'outcome' | 'snoozedUntil'> & { assignedTo?: string | null }): Promise<void> {
    const storeId = device.storeId
    if (!storeId)
      return
    const previous = decisions.value.find(d => d.id === task.id)
    await decideTask({
      id: task.id,
      storeId,
      customerId: task.customerId,
      kind: task.kind,
      reason: task.reason,
      assignedTo: previous?.assignedTo ?? null,
      by: session.associateId,
      at: new Date().toISOString(),
      ...change,
    })
  }

  const done = (task: TodayTask, outcome: TaskOutcome) => decide(task, { state: 'done', outcome, snoozedUntil: null })

  function snooze(task: TodayTask, choice: SnoozeChoice): Promise<void> {
    const today = storeDay(new Date(), timeZone.value)
    return decide(task, { state: 'snoozed', outcome: null, snoozedUntil: addDays(today, choice === 'tomorrow' ? 1 : 7) })
  }

  /** A manager hands a task to an associate of the store: it opens again, on their list. */
  function assign(task: TodayTask, associateId: string): Promise<void> {
    return decide(task, { state: 'open', outcome: null, snoozedUntil: null, assignedTo: associateId })
  }

  /** Today's appointments still to come or under way: the associate's own, or (a manager's whole-store scope) everyone's. */
  const appointments = computed(() => storeAppointments.value.filter(e => e.appointment.status === 'booked' || e.appointment.status === 'arrived')
    .filter(e => (scope.value === 'store' && session.isManager) || e.appointment.associateId === session.associateId))

  function close(): void {
    decisionsSub?.unsubscribe()
    decisionsSub = undefined
    appointmentsSub?.unsubscribe()
    appointmentsSub = undefined
    storeAppointments.value = []
  }

  return { state, failure, scope, reads, tasks, appointments, timeZone, customers, colleagues, nameOf, load, done, snooze, assign, close }
})
