/**
 * Stands in for the `unload` package (RxDB's leader election, through broadcast-channel, uses it
 * to close its channels and give up leadership when the page goes). That package listens to the
 * `unload` event, which Chromium deprecates and which keeps a page out of the back/forward cache
 * (Lighthouse's best practices). `pagehide` fires in the same cases; when the page is only being
 * frozen for that cache (`persisted`), it is coming back, so nothing is closed. Same API.
 * Wired in vite.config.ts (resolve.alias); Node (the tests) closes its databases itself.
 */
type Listener = () => unknown

const listeners = new Set<Listener>()
let listening = false

export function runAll(): Promise<unknown[]> {
  const running = [...listeners].map((fn) => {
    listeners.delete(fn)
    return fn()
  })
  return Promise.all(running)
}

export function add(fn: Listener): { remove: () => boolean, run: () => unknown } {
  if (typeof fn !== 'function')
    throw new TypeError('Listener is no function')
  if (!listening && typeof window !== 'undefined') {
    listening = true
    window.addEventListener('pagehide', (event) => {
      if (!event.persisted)
        void runAll()
    }, true)
  }
  listeners.add(fn)
  return {
    remove: () => listeners.delete(fn),
    run: () => {
      listeners.delete(fn)
      return fn()
    },
  }
}

export function removeAll(): void {
  listeners.clear()
}

export function getSize(): number {
  return listeners.size
}
