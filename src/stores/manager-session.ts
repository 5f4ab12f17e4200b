/**
 * A manager's session on the server, for what only a manager may see online (identity
 * reviews, reports across stores, devices). The tablet's own PIN check is enough offline;
 * the server checks the PIN too before it answers manager-only requests. The token lives
 * in memory only and is dropped when the screen locks. Signing in offline leaves no
 * session: the manager area then asks for the PIN again once the network is back.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { endManagerSession, startManagerSession } from '../db/manager-api'
import { useDeviceStore } from './device'

export type ManagerSessionState = 'none' | 'starting' | 'ready' | 'offline' | 'wrong-pin' | 'error'

export const useManagerSessionStore = defineStore('manager-session', () => {
  const token = ref<string | null>(null)
  const state = ref<ManagerSessionState>('none')

  const server = () => useDeviceStore().server

  async function start(associateId: string, pin: string): Promise<ManagerSessionState> {
    const ctx = server()
    if (!ctx || (typeof navigator !== 'undefined' && !navigator.onLine))
      return (state.value = 'offline')
    state.value = 'starting'
    try {
      const session = await startManagerSession(ctx, associateId, pin)
      token.value = session.token
      return (state.value = session.role === 'manager' ? 'ready' : 'error')
    }
    catch (error) {
      const code = (error as { code?: string }).code
      token.value = null
      if (code === 'invalid-pin')
        return (state.value = 'wrong-pin')
      return (state.value = error instanceof TypeError || code === 'timeout' ? 'offline' : 'error')
    }
  }

  /** The server forgot the session (expired, manager changed): ask for the PIN again. */
  function expired(): void {
    token.value = null
    state.value = 'none'
  }

  function clear(): void {
    const ctx = server()
    if (ctx && token.value)
      void endManagerSession(ctx, token.value).catch(() => {})
    token.value = null
    state.value = 'none'
  }

  return { token, state, start, expired, clear, server }
})
