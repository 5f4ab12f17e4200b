/**
 * The store's tablets as the manager sees them (online): last sync, and revoking a lost or
 * stolen one, which then wipes itself at its next request.
 */
import type { StoreDevice } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listStoreDevices, revokeStoreDevice } from '../api/manager-api'
import { useAssociateSessionStore } from './associate-session'

export type DevicesState = 'idle' | 'loading' | 'ready' | 'offline' | 'needs-session' | 'error'

export const useStoreDevicesStore = defineStore('store-devices', () => {
  const state = ref<DevicesState>('idle')
  const devices = ref<StoreDevice[]>([])

  async function call<T>(fn: (ctx: NonNullable<ReturnType<ReturnType<typeof useAssociateSessionStore>['server']>>, token: string) => Promise<T>): Promise<T | null> {
    const session = useAssociateSessionStore()
    const ctx = session.server()
    if (!ctx || !session.token) {
      state.value = 'needs-session'
      return null
    }
    try {
      return await fn(ctx, session.token)
    }
    catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'session-required')
        session.expired()
      state.value = code === 'session-required' ? 'needs-session' : error instanceof TypeError || code === 'timeout' ? 'offline' : 'error'
      return null
    }
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

  return { state, devices, load, revoke }
})
