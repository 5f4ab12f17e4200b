/**
 * The tablet's half of the audit log: a profile opened by an associate is queued and sent
 * to the server as soon as it can be (see db/audit.ts).
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { queueView, sendViews } from '../api/audit-views'
import { useAssociateSessionStore } from './associate-session'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

export const useAuditStore = defineStore('audit', () => {
  const sending = ref(false)
  const associateSession = useAssociateSessionStore()

  async function flush(): Promise<void> {
    const server = useDeviceStore().server
    const { token, associateId } = associateSession
    if (!server || !token || !associateId || sending.value || (typeof navigator !== 'undefined' && !navigator.onLine))
      return
    sending.value = true
    try {
      await sendViews(server, { token, associateId })
    }
    catch (error) {
      // Offline or refused: the views stay queued for the next try.
      console.warn('Profile views not sent yet', error)
    }
    finally {
      sending.value = false
    }
  }

  function viewed(customerId: string): void {
    const associate = useSessionStore().associate
    if (!associate)
      return
    queueView(customerId, associate.id)
    void flush()
  }

  if (typeof window !== 'undefined')
    window.addEventListener('online', () => void flush())
  // Views made while signed in offline go out once the server has checked this associate.
  watch(() => associateSession.token, token => token && void flush())

  return { sending, viewed, flush }
})
