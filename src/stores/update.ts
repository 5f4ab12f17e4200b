/**
 * App updates through the service worker (workbox-window). When a new version is waiting
 * the associate sees "Update available"; it is never applied while something is open that
 * an update would interrupt (a visit, a checkout): those screens call `hold()`.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

export type UpdateState = 'none' | 'available' | 'applying'

export const useUpdateStore = defineStore('update', () => {
  const state = ref<UpdateState>('none')
  const holds = ref(new Set<string>())
  let applyWaiting: (() => void) | null = null

  const blocked = computed(() => holds.value.size > 0)

  async function register(): Promise<void> {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV)
      return
    const { Workbox } = await import('workbox-window')
    const wb = new Workbox('/sw.js', { scope: '/' })
    wb.addEventListener('waiting', () => {
      state.value = 'available'
      applyWaiting = () => {
        wb.addEventListener('controlling', () => window.location.reload())
        wb.messageSkipWaiting()
      }
    })
    // Offline support depends on this registration: say so when it fails rather than
    // leave a tablet that silently can't open without the network.
    await wb.register().catch((error: unknown) => console.error('Service worker registration failed', error))
  }

  function apply(): void {
    if (blocked.value || !applyWaiting)
      return
    state.value = 'applying'
    applyWaiting()
  }

  /** Keeps an update from being applied until the returned release is called. */
  function hold(reason: string): () => void {
    holds.value = new Set(holds.value).add(reason)
    return () => {
      const next = new Set(holds.value)
      next.delete(reason)
      holds.value = next
    }
  }

  return { state, blocked, register, apply, hold }
})
