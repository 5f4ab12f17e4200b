/**
 * The store's tablets as the manager sees them (online): last sync, and revoking a lost or
 * stolen one, which then wipes itself at its next request.
 */
import type { ServerContext } from '../api/customers'
import type { OnlineFailure } from '../api/online'
import type { StoreDevice } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listStoreDevices, revokeStoreDevice } from '../api/manager-api'
import { withServerSession } from './server-call'

export type DevicesState = 'idle' | 'loading' | 'ready' | 'offline' | 'needs-session' | 'error'

export const useStoreDevicesStore = defineStore('store-devices', () => {
  const state = ref<DevicesState>('idle')
  const devices = ref<StoreDevice[]>([])

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
    const list = await call(listStoreDevices)
    if (list) {
      devices.value = list
      state.value = 'ready'
    }
  }

  async function revoke(id: string): Promise<void> {
    if (await call((ctx, token) => revokeStoreDevice(ctx, token, id).then(() => true)))
      await load()
  }

  return { state, failure, devices, load, revoke }
})
