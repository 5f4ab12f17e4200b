/**
 * The open customer's 360° profile, bound live to the local database: whatever replication
 * writes (a cart filled on the web, an order from the app) shows while the profile is open.
 */
import type { CustomerProfile } from '../models/profile'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { survivorIdOf } from '../db/customers'
import { subscribeCustomerProfile } from '../db/profile'
import { setAdvisors, takeOnCustomer } from '../db/profile-edit'
import { markForeground } from '../platform/foreground'
import { useAuditStore } from './audit'
import { useDeviceStore } from './device'
import { useLookupStore } from './lookup'
import { useProfileHistoryStore } from './profile-history'
import { useSessionStore } from './session'
import { useSyncStore } from './sync'

/** `arriving`: not on this new tablet yet (its customers are still downloading) and the server can't be asked now. */
export type CustomerStatus = 'idle' | 'loading' | 'arriving' | 'ready' | 'not-found' | 'erased' | 'merged' | 'error'

export const useCustomerStore = defineStore('customer', () => {
  const customerId = ref<string | null>(null)
  /** What the local database says of the customer; `status` adds what a new tablet's download and the server say. */
  const local = ref<CustomerStatus>('idle')
  const profile = shallowRef<CustomerProfile | null>(null)
  const error = ref<string | null>(null)
  /** the profile this one was merged into, once the server's tombstone arrived: the view moves there */
  const movedTo = ref<string | null>(null)
  let unsubscribe: (() => void) | null = null
  /** bumps on every open/close, so a slow database open can't attach to a customer no longer shown */
  let generation = 0
  const sync = useSyncStore()
  const history = useProfileHistoryStore()

  /**
   * Not in the local database yet on a new tablet whose customers still arrive: not "not found"
   * until the server has said so (its answer writes them in: stores/profile-history.ts) —
   * loading while it is asked, arriving while it can't be.
   */
  const status = computed<CustomerStatus>(() => {
    if (local.value !== 'not-found' || sync.customersIn || history.state === 'missing')
      return local.value
    return history.state === 'pending' ? 'arriving' : 'loading'
  })

  function close(): void {
    generation++
    unsubscribe?.()
    unsubscribe = null
    useProfileHistoryStore().forget()
    customerId.value = null
    profile.value = null
    local.value = 'idle'
    error.value = null
    movedTo.value = null
  }

  async function receive(next: CustomerProfile | null, mine: number): Promise<void> {
    if (next) {
      // Once per opening, and only for a customer actually shown: "recent" is who was served.
      if (local.value !== 'ready') {
        useLookupStore().remember(next.customer.id)
        useAuditStore().viewed(next.customer.id)
      }
      profile.value = next
      local.value = 'ready'
      return
    }
    // Gone: merged into another profile (follow it), or erased (their tombstone replicated
    // in: drop the data at once, as the erasure demands).
    const shown = profile.value !== null || local.value === 'erased'
    profile.value = null
    const survivor = customerId.value ? await survivorIdOf(customerId.value) : null
    if (mine !== generation || profile.value !== null)
      return
    if (survivor) {
      movedTo.value = survivor
      local.value = 'merged'
      return
    }
    local.value = shown ? 'erased' : 'not-found'
  }

  async function open(id: string): Promise<void> {
    if (id === customerId.value && unsubscribe)
      return
    close()
    markForeground()
    const mine = generation
    customerId.value = id
    local.value = 'loading'
    try {
      const stop = await subscribeCustomerProfile(id, {
        next: (next) => {
          if (mine === generation)
            void receive(next, mine)
        },
        error: (e) => {
          if (mine === generation)
            fail(e)
        },
      }, useProfileHistoryStore().follow(id))
      if (mine !== generation)
        stop()
      else unsubscribe = stop
    }
    catch (e) {
      if (mine === generation)
        fail(e)
    }
  }

  function fail(e: unknown): void {
    error.value = e instanceof Error ? e.message : String(e)
    local.value = 'error'
  }

  const customer = computed(() => profile.value?.customer ?? null)
  const fullName = computed(() => (customer.value ? `${customer.value.firstName} ${customer.value.lastName}`.trim() : ''))
  const cart = computed(() => profile.value?.cart ?? [])
  const cartTotal = computed(() => profile.value?.cartTotal ?? null)
  const wishlist = computed(() => profile.value?.wishlist ?? [])
  const orders = computed(() => profile.value?.orders ?? [])
  const recentOrders = computed(() => orders.value.slice(0, 3))
  const visits = computed(() => profile.value?.visits ?? [])
  const openFollowUps = computed(() => visits.value.flatMap(v => v.interactions).filter(i => i.type === 'follow_up'))

  /** Who looks after the open customer at this store, by role. */
  const advisors = computed(() => {
    const here = (profile.value?.customer.advisors ?? []).filter(a => a.storeId === useDeviceStore().storeId)
    return { primary: here.find(a => a.role === 'primary')?.associateId ?? null, secondary: here.find(a => a.role === 'secondary')?.associateId ?? null }
  })
  /** Who looks after the open customer at this store (the primary first), by associate id. */
  const advisor = computed(() => advisors.value.primary ?? advisors.value.secondary)

  /** The signed-in associate takes on the open customer, when nobody looks after them here yet. */
  async function takeOn(): Promise<boolean> {
    const id = customerId.value
    const storeId = useDeviceStore().storeId
    if (!id || !storeId || advisor.value)
      return false
    try {
      await takeOnCustomer(id, storeId, useSessionStore().associateId)
      return true
    }
    catch (err) {
      console.error('Taking on the customer failed', err)
      return false
    }
  }

  /** A manager's change of who looks after the open customer here (the server checks the role too). */
  async function changeAdvisors(chosen: { primary: string | null, secondary: string | null }): Promise<boolean> {
    const id = customerId.value
    const storeId = useDeviceStore().storeId
    if (!id || !storeId || !useSessionStore().isManager)
      return false
    try {
      await setAdvisors(id, storeId, chosen, useSessionStore().associateId)
      return true
    }
    catch (err) {
      console.error('Changing who looks after the customer failed', err)
      return false
    }
  }

  return {
    advisor,
    advisors,
    takeOn,
    changeAdvisors,
    customerId,
    status,
    /** what the local database alone says (`status` is what screens show): a view's test sets it beside a fixture profile */
    localStatus: local,
    profile,
    error,
    movedTo,
    open,
    close,
    customer,
    fullName,
    cart,
    cartTotal,
    wishlist,
    orders,
    recentOrders,
    visits,
    openFollowUps,
  }
})
