/**
 * The manager's availability screen: the store's opening hours (each weekday and the days
 * that differ) and each associate's specialties and week, as drafts checked as they type with
 * the rules the server applies, saved online. The store's and associates' documents bring
 * the result to every tablet, where the booking form offers slots from them.
 */
import type { OnlineFailure } from '../api/online'
import type { HoursProblem } from '../domain/availability-rules'
import type { AppointmentPurpose, StoreHours, WeeklyHours } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { saveAssociateAvailability, saveStoreHours } from '../api/manager-api'
import { hoursProblems, specialtyProblems, weekProblems } from '../domain/availability-rules'
import { useDeviceStore } from './device'
import { withServerSession } from './server-call'
import { useSessionStore } from './session'

export type AvailabilityState = 'editing' | 'saving' | 'saved' | 'invalid' | 'offline' | 'needs-session' | 'error'
export interface WeekDraft { specialties: AppointmentPurpose[], own: boolean, week: WeeklyHours }

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
const EMPTY: StoreHours = { weekly: {}, exceptions: [] }

export const useManagerAvailabilityStore = defineStore('manager-availability', () => {
  const device = useDeviceStore()
  const session = useSessionStore()
  const state = ref<AvailabilityState>('editing')
  const failure = ref<OnlineFailure | null>(null)
  const hours = ref<StoreHours>(copy(EMPTY))
  const associateId = ref<string | null>(null)
  const week = ref<WeekDraft>({ specialties: [], own: false, week: {} })
  /** which part the state speaks of: the screen says it next to that part's button */
  const part = ref<'hours' | 'week'>('hours')

  const staff = computed(() => session.associates.filter(a => a.storeId === device.storeId && a.active))
  const hoursIssues = computed<HoursProblem[]>(() => hoursProblems(hours.value))
  const weekIssues = computed<HoursProblem[]>(() => [...specialtyProblems(week.value.specialties), ...(week.value.own ? weekProblems(week.value.week) : [])])

  /** Starts from what the tablet holds now (the last save included, once it has synced). */
  function begin(): void {
    hours.value = copy(device.store?.hours ?? EMPTY)
    chooseAssociate(associateId.value ?? staff.value[0]?.id ?? null)
    state.value = 'editing'
  }

  function chooseAssociate(id: string | null): void {
    associateId.value = id
    const a = staff.value.find(s => s.id === id)
    week.value = { specialties: [...(a?.specialties ?? [])], own: !!a?.workingHours, week: copy(a?.workingHours ?? device.store?.hours?.weekly ?? {}) }
  }

  function edited(): void {
    if (state.value !== 'saving')
      state.value = 'editing'
  }

  async function run(which: 'hours' | 'week', call: Parameters<typeof withServerSession>[0], issues: HoursProblem[]): Promise<boolean> {
    part.value = which
    if (issues.length) {
      state.value = 'invalid'
      return false
    }
    state.value = 'saving'
    const outcome = await withServerSession(call)
    failure.value = outcome.ok ? null : outcome
    state.value = outcome.ok ? 'saved' : outcome.kind === 'offline' || outcome.kind === 'needs-session' ? outcome.kind : 'error'
    return outcome.ok
  }

  const saveHours = () => run('hours', (ctx, token) => saveStoreHours(ctx, token, hours.value), hoursIssues.value)
  const saveWeek = () => {
    const id = associateId.value
    if (!id)
      return Promise.resolve(false)
    return run('week', (ctx, token) => saveAssociateAvailability(ctx, token, id, { specialties: week.value.specialties, workingHours: week.value.own ? week.value.week : null }), weekIssues.value)
  }

  return { state, failure, part, hours, associateId, week, staff, hoursIssues, weekIssues, begin, chooseAssociate, edited, saveHours, saveWeek }
})
