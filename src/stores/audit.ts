/**
 * The tablet's half of the audit log: a profile opened by an associate is queued and sent
 * to the server as soon as it can be (see db/audit.ts).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { queueView, sendViews } from '../db/audit'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

export const useAuditStore = defineStore('audit', () => {
  const sending = ref(false)

  async function flush(): Promise<void> {
    const server = useDeviceStore().server
    if (!server || sending.value || (typeof navigator !== 'undefined' && !navigator.onLine))
      return
    sending.value = true
    try {
      await sendViews(server)
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

  return { sending, viewed, flush }
})
