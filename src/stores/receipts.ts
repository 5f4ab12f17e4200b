/**
 * Resending a receipt from the tablet: the associate corrects the address with the customer
 * and the server queues a new message. It needs the network (the server sends mail); offline
 * the associate is told so and nothing changes.
 */
import type { OnlineFailure } from '../api/online'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { resendReceipt } from '../api/customers'
import { isValidEmail } from '../domain/checkout'
import { withServerSession } from './server-call'

/** 'needs-session': signed in offline, the server must check the PIN first; 'limited': too many resends for now */
export type ResendState = 'idle' | 'sending' | 'queued' | 'invalid' | 'offline' | 'error' | 'needs-session' | 'limited'

export const useReceiptsStore = defineStore('receipts', () => {
  const states = ref<Record<string, ResendState>>({})
  /** per order, why the last resend failed */
  const failures = ref<Record<string, OnlineFailure | null>>({})

  async function resend(orderId: string, email: string): Promise<ResendState> {
    const set = (s: ResendState) => {
      states.value = { ...states.value, [orderId]: s }
      return s
    }
    const address = email.trim()
    if (!isValidEmail(address))
      return set('invalid')
    set('sending')
    const outcome = await withServerSession((ctx, token) => resendReceipt(ctx, token, orderId, address))
    failures.value = { ...failures.value, [orderId]: outcome.ok ? null : outcome }
    if (outcome.ok)
      return set('queued')
    return set(outcome.kind === 'needs-session' || outcome.kind === 'offline' || outcome.kind === 'limited' ? outcome.kind : 'error')
  }

  return { states, failures, resend }
})
