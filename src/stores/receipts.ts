/**
 * Resending a receipt from the tablet: the associate corrects the address with the customer
 * and the server queues a new message. It needs the network (the server sends mail); offline
 * the associate is told so and nothing changes.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { resendReceipt } from '../api/customers'
import { isValidEmail } from '../domain/checkout'
import { useAssociateSessionStore } from './associate-session'
import { useDeviceStore } from './device'

/** 'needs-session': signed in offline, the server must check the PIN first; 'limited': too many resends for now */
export type ResendState = 'idle' | 'sending' | 'queued' | 'invalid' | 'offline' | 'error' | 'needs-session' | 'limited'

export const useReceiptsStore = defineStore('receipts', () => {
  const states = ref<Record<string, ResendState>>({})

  async function resend(orderId: string, email: string): Promise<ResendState> {
    const set = (s: ResendState) => {
      states.value = { ...states.value, [orderId]: s }
      return s
    }
    const address = email.trim()
    if (!isValidEmail(address))
      return set('invalid')
    const server = useDeviceStore().server
    if (!server || (typeof navigator !== 'undefined' && !navigator.onLine))
      return set('offline')
    const session = useAssociateSessionStore()
    if (!session.token)
      return set('needs-session')
    set('sending')
    try {
      await resendReceipt(server, session.token, orderId, address)
      return set('queued')
    }
    catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'session-required') {
        session.expired()
        return set('needs-session')
      }
      if (code === 'rate-limited')
        return set('limited')
      const network = error instanceof TypeError || code === 'timeout'
      return set(network ? 'offline' : 'error')
    }
  }

  return { states, resend }
})
