/**
 * The store's tablets as the manager sees them (online): last sync, and revoking a lost or
 * stolen one, which then wipes itself at its next request; enrolling a new one with a code
 * made here (shown once, as text and QR), the codes still pending, and cancelling one.
 */
import type { ServerContext } from '../api/customers'
import type { OnlineFailure } from '../api/online'
import type { StoreDevice } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { cancelEnrollCode, createEnrollCode, listEnrollCodes, listStoreDevices, revokeStoreDevice } from '../api/manager-api'
import { withServerSession } from './server-call'

export interface PendingCode { id: string, createdAt: string, createdBy: string | null, expiresAt: string }
export type DevicesState = 'idle' | 'loading' | 'ready' | 'offline' | 'needs-session' | 'error'

export const useStoreDevicesStore = defineStore('store-devices', () => {
  const state = ref<DevicesState>('idle')
  const devices = ref<StoreDevice[]>([])
  const codes = ref<PendingCode[]>([])
  /** the code just made: shown until the manager closes it (the server never shows it again) */
  const issued = ref<{ id: string, code: string, expiresAt: string } | null>(null)

  const failure = ref<OnlineFailure | null>(null)

  async function call<T>(fn: (ctx: ServerContext, token: string) => Promise<T>): Promise<T | null> {
    const outcome = await withServerSession(fn)
    failure.value = outcome.ok ? null : outcome
    if (outcome.ok)
      return outcome.value
    state.value = outcome.kind === 'needs-session' || outcome.kind === 'offline' ? outcome.kind : 'error'
    return null
  }

  async function load(): Promise<void> {
    state.value = 'loading'
    const [list, pending] = [await call(listStoreDevices), await call(listEnrollCodes)]
    if (list && pending) {
      devices.value = list
      codes.value = pending
      state.value = 'ready'
    }
  }

  async function newCode(): Promise<void> {
    const made = await call(createEnrollCode)
    if (made) {
      issued.value = made
      await load()
    }
  }

  async function cancelCode(id: string): Promise<void> {
    if (await call((ctx, token) => cancelEnrollCode(ctx, token, id).then(() => true))) {
      if (issued.value?.id === id)
        issued.value = null
      await load()
    }
  }

  async function revoke(id: string): Promise<void> {
    if (await call((ctx, token) => revokeStoreDevice(ctx, token, id).then(() => true)))
      await load()
  }

  return { state, failure, devices, codes, issued, load, revoke, newCode, cancelCode }
})
