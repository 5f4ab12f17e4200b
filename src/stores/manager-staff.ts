/**
 * The manager's staff screen: everyone of the store (from the tablet's own copy, live, inactive
 * members too), and the online changes — add a member, deactivate, reactivate, a new PIN. A PIN
 * is typed by its owner on this tablet (twice, to be sure of it), sent once to the server and
 * forgotten here; the change reaches every tablet with the associate's document.
 *
 * An area manager picks one of the other stores head office granted them: that store's staff
 * is read from the server (this tablet holds its own store's only) and read again after each
 * change; the changes name that store.
 */
import type { Subscription } from 'rxjs'
import type { OnlineFailure } from '../api/online'
import type { ManagedStore, StaffMember } from '../shared/endpoints'
import type { AppointmentPurpose, Role } from '../shared/types'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { addStaffMember, listManagedStores, listStaff, setStaffActive, setStaffPin } from '../api/manager-api'
import { watchAllStoreStaff } from '../db/associates'
import { pinProblem } from '../shared/pin-rules'
import { useDeviceStore } from './device'
import { withServerSession } from './server-call'

export type StaffState = 'idle' | 'saving' | 'saved' | 'offline' | 'needs-session' | 'error'
/** who is typing a PIN, and for what: a new member (their details kept meanwhile) or a new PIN */
export type PinStep = { kind: 'new', member: NewMember } | { kind: 'reset', associate: StaffMember }
export interface NewMember { displayName: string, staffCode: string, role: Role, specialties: AppointmentPurpose[] }

export const useManagerStaffStore = defineStore('manager-staff', () => {
  const device = useDeviceStore()
  const staff = shallowRef<StaffMember[]>([])
  /** the stores this manager runs (more than one: an area manager), and the one on screen (null: this tablet's) */
  const stores = shallowRef<ManagedStore[]>([])
  const storeId = ref<string | null>(null)
  const state = ref<StaffState>('idle')
  const failure = ref<OnlineFailure | null>(null)
  const pinStep = shallowRef<PinStep | null>(null)
  let sub: Subscription | undefined

  function follow(): void {
    sub?.unsubscribe()
    storeId.value = null
    if (device.storeId) {
      sub = watchAllStoreStaff(device.storeId).subscribe({
        next: (list) => {
          staff.value = list
        },
        error: (error: unknown) => console.error(error),
      })
    }
  }

  function stop(): void {
    sub?.unsubscribe()
    sub = undefined
  }

  /** Asks the server which stores this manager runs; one store (the usual case) shows no picker. */
  async function loadStores(): Promise<void> {
    const outcome = await withServerSession((ctx, token) => listManagedStores(ctx, token))
    stores.value = outcome.ok ? outcome.value : []
  }

  async function readOther(id: string): Promise<boolean> {
    const outcome = await withServerSession((ctx, token) => listStaff(ctx, token, id))
    if (outcome.ok && storeId.value === id)
      staff.value = outcome.value
    return outcome.ok
  }

  async function chooseStore(id: string): Promise<void> {
    // What the last change came to was said of the other store.
    state.value = 'idle'
    failure.value = null
    if (id === device.storeId) {
      follow()
      return
    }
    stop()
    storeId.value = id
    staff.value = []
    if (!await readOther(id))
      state.value = 'error'
  }

  async function run<T>(call: Parameters<typeof withServerSession<T>>[0]): Promise<boolean> {
    state.value = 'saving'
    const outcome = await withServerSession(call)
    failure.value = outcome.ok ? null : outcome
    state.value = outcome.ok ? 'saved' : outcome.kind === 'offline' || outcome.kind === 'needs-session' ? outcome.kind : 'error'
    // Another store's list does not follow by itself: read it again after a change.
    if (outcome.ok && storeId.value)
      await readOther(storeId.value)
    return outcome.ok
  }

  /** The PIN typed twice: null when it may be set, else why not (the pad says it). */
  function pinFor(role: Role, first: string, second: string): 'mismatch' | 'rule' | null {
    if (first !== second)
      return 'mismatch'
    return pinProblem(role, first) ? 'rule' : null
  }

  async function finishPin(pin: string): Promise<boolean> {
    const step = pinStep.value
    if (!step)
      return false
    const ok = step.kind === 'new'
      ? await run((ctx, token) => addStaffMember(ctx, token, { ...step.member, pin, ...(storeId.value ? { storeId: storeId.value } : {}) }))
      : await run((ctx, token) => setStaffPin(ctx, token, step.associate.id, pin))
    if (ok)
      pinStep.value = null
    return ok
  }

  const setActive = (associate: StaffMember, active: boolean) => run((ctx, token) => setStaffActive(ctx, token, associate.id, active))

  return { staff, stores, storeId, state, failure, pinStep, follow, stop, loadStores, chooseStore, pinFor, finishPin, setActive }
})
