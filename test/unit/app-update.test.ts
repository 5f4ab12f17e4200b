// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useUpdateStore } from '../../src/stores/update'

// workbox-window needs a real service worker; this stand-in plays one that has a new
// version waiting, so the store's decisions can be checked on their own.
const workbox = vi.hoisted(() => ({ listeners: new Map<string, () => void>(), skipWaiting: vi.fn() }))
vi.mock('workbox-window', () => ({
  Workbox: class {
    addEventListener(type: string, listener: () => void) {
      workbox.listeners.set(type, listener)
    }

    messageSkipWaiting() {
      workbox.skipWaiting()
    }

    async register() {}
  },
}))

describe('app updates', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    workbox.listeners.clear()
    workbox.skipWaiting.mockClear()
    Object.defineProperty(navigator, 'serviceWorker', { value: {}, configurable: true })
    vi.stubEnv('DEV', false)
  })

  async function newVersionWaiting() {
    const update = useUpdateStore()
    await update.register()
    workbox.listeners.get('waiting')!()
    return update
  }

  it('says an update is available when a new version is waiting, and applies it on request', async () => {
    const update = await newVersionWaiting()
    expect(update.state).toBe('available')
    update.apply()
    expect(update.state).toBe('applying')
    expect(workbox.skipWaiting).toHaveBeenCalledOnce()
  })

  it('never applies an update while a visit or checkout holds it, and does once they are done', async () => {
    const update = await newVersionWaiting()
    const releaseVisit = update.hold('visit')
    const releaseCheckout = update.hold('checkout')
    update.apply()
    releaseVisit()
    update.apply()
    expect(workbox.skipWaiting).not.toHaveBeenCalled()
    expect(update.blocked).toBe(true)
    releaseCheckout()
    update.apply()
    expect(workbox.skipWaiting).toHaveBeenCalledOnce()
  })
})
