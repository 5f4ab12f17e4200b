/**
 * The signed-in associate's session on the server, for what reaches beyond this tablet's
 * book: online search across stores, pins, receipt resends, and the manager's online area.
 * The tablet's own PIN check is enough offline; for these the server checks the PIN too and
 * hands out a session token bound to this device. It is started at every online sign-in,
 * lives in memory only and is dropped when the screen locks. Signed in offline, there is no
 * session: the screens that need one ask for the PIN again once the network is back.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { endManagerSession, startManagerSession } from '../api/manager-api'
import { knownOffline, onlineFailure } from '../api/online'
import { useDeviceStore } from './device'

/** 'too-short': a manager whose PIN predates the six-digit rule */
export type AssociateSessionState = 'none' | 'starting' | 'ready' | 'offline' | 'wrong-pin' | 'too-short' | 'error'

export const useAssociateSessionStore = defineStore('associate-session', () => {
  const token = ref<string | null>(null)
  const state = ref<AssociateSessionState>('none')
  const role = ref<'associate' | 'manager' | null>(null)
  const associateId = ref<string | null>(null)
  const isManager = computed(() => state.value === 'ready' && role.value === 'manager')

  const server = () => useDeviceStore().server

  async function start(id: string, pin: string): Promise<AssociateSessionState> {
    const ctx = server()
    if (!ctx || knownOffline())
      return (state.value = 'offline')
    state.value = 'starting'
    try {
      const session = await startManagerSession(ctx, id, pin)
      token.value = session.token
      role.value = session.role
      associateId.value = session.associateId
      return (state.value = 'ready')
    }
    catch (error) {
      const code = (error as { code?: string }).code
      token.value = null
      if (code === 'invalid-pin')
        return (state.value = 'wrong-pin')
      if (code === 'pin-too-short')
        return (state.value = 'too-short')
      return (state.value = onlineFailure(error).kind === 'offline' ? 'offline' : 'error')
    }
  }

  /** The server forgot the session (expired, associate changed): ask for the PIN again. */
  function expired(): void {
    token.value = null
    state.value = 'none'
  }

  function clear(): void {
    const ctx = server()
    if (ctx && token.value)
      void endManagerSession(ctx, token.value).catch(() => {})
    token.value = null
    role.value = null
    associateId.value = null
    state.value = 'none'
  }

  return { token, state, role, associateId, isManager, start, expired, clear, server }
})
