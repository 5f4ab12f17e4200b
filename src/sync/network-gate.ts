/**
 * One back-off for all of a device's sync traffic while the server can't be reached.
 *
 * Without it, thirteen replications each retry every few seconds and the stream reconnects on
 * its own schedule: offline, a tablet sent ~270 doomed requests a minute (issue 30). So
 * once a request gets no answer the gate closes, and requests wait in it instead of
 * failing. One request at a time goes out as a probe, after 1 s, 2 s, 4 s … up to 30 s
 * (±20 % jitter, so a store's tablets don't probe in step); while the browser says it is
 * offline the next probe waits the longest delay, as navigator.onLine is a hint that can
 * be wrong. Any answer from the server opens the gate and lets everything waiting through;
 * a proxy's 502/503/504 counts as no answer. wake() (the browser's 'online' event, "Sync
 * now") sends a probe at once. Waiting never loses anything: pushes stay queued in RxDB.
 */

export interface NetworkGateOptions {
  minDelay?: number
  maxDelay?: number
  /** the browser's opinion; default navigator.onLine */
  isOnline?: () => boolean
  random?: () => number
}

/** How the request that passed the gate ended: answered, or no answer (network, timeout, 5xx from a proxy). */
export type GateReport = (answered: boolean) => void

export interface NetworkGate {
  /** Resolves when the request may go; rejects with the signal's reason if aborted while it waits. */
  enter(signal?: AbortSignal | null): Promise<GateReport>
  /** probe now (the network is back, or the associate asked) */
  wake(): void
  readonly down: boolean
  /** requests waiting for the gate to open */
  readonly waiting: number
  close(): void
}

interface Waiter { go: (report: GateReport) => void, signal?: AbortSignal | null }

export function isGatewayFailure(status: number): boolean {
  return status === 502 || status === 503 || status === 504
}

export function createNetworkGate(options: NetworkGateOptions = {}): NetworkGate {
  const { minDelay = 1000, maxDelay = 30_000, random = Math.random } = options
  const isOnline = options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine)
  let down = false
  let failures = 0
  let probeOut = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const waiters: Waiter[] = []

  const delay = () => {
    const base = isOnline() ? Math.min(maxDelay, minDelay * 2 ** (failures - 1)) : maxDelay
    return Math.round(base * (0.8 + 0.4 * random()))
  }

  function open() {
    down = false
    failures = 0
    probeOut = false
    clearTimeout(timer)
    timer = undefined
    for (const w of waiters.splice(0)) w.go(report(false))
  }

  function schedule() {
    clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      probe()
    }, delay())
  }

  function probe() {
    const next = waiters.shift()
    if (!next) {
      // Nobody waits: the next request that comes is the probe.
      probeOut = false
      return
    }
    probeOut = true
    next.go(report(true))
  }

  function report(isProbe: boolean): GateReport {
    let done = false
    return (answered) => {
      if (done)
        return
      done = true
      if (answered)
        return open()
      if (!down) {
        down = true
        failures = 1
        probeOut = false
        schedule()
      }
      else if (isProbe) {
        failures++
        probeOut = false
        schedule()
      }
    }
  }

  return {
    enter(signal) {
      if (signal?.aborted)
        return Promise.reject(signal.reason)
      if (!down)
        return Promise.resolve(report(false))
      if (!probeOut && timer === undefined) {
        probeOut = true
        return Promise.resolve(report(true))
      }
      return new Promise<GateReport>((resolve, reject) => {
        const waiter: Waiter = {
          signal,
          go: (r) => {
            signal?.removeEventListener('abort', onAbort)
            resolve(r)
          },
        }
        function onAbort() {
          const i = waiters.indexOf(waiter)
          if (i >= 0)
            waiters.splice(i, 1)
          reject(signal?.reason)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        waiters.push(waiter)
      })
    },
    wake() {
      if (!down)
        return
      clearTimeout(timer)
      timer = undefined
      // A probe may hang on a connection the old network left behind: send a fresh one.
      probe()
    },
    get down() {
      return down
    },
    get waiting() {
      return waiters.length
    },
    close() {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
