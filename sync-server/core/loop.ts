/**
 * A background job's heartbeat: a pass every `intervalMs`, passes never overlapping within a
 * process (another process is kept apart by the job's own row leases), a pass on demand
 * (`run`, used by tests and by "a change just committed"), errors reported and survived, and
 * a stop that waits for the pass under way. The outboxes (commerce events, receipts) run on it.
 */
export interface PassLoop {
  /** one pass now, after any pass under way; resolves to what the pass counted */
  run: () => Promise<number>
  readonly stopped: boolean
  stop: () => Promise<void>
}

export function startPassLoop(pass: () => Promise<number>, options: { intervalMs: number, onError: (error: unknown) => void }): PassLoop {
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  let current: Promise<number> = Promise.resolve(0)

  const guarded = async (): Promise<number> => {
    if (stopped)
      return 0
    try {
      return await pass()
    }
    catch (error) {
      options.onError(error)
      return 0
    }
  }
  const run = () => {
    current = current.then(guarded)
    return current
  }
  const schedule = () => {
    if (stopped)
      return
    timer = setTimeout(() => void run().finally(schedule), options.intervalMs)
    // A pending pass never keeps the process alive on its own.
    timer.unref()
  }
  schedule()

  return {
    run,
    get stopped() {
      return stopped
    },
    stop: async () => {
      stopped = true
      if (timer)
        clearTimeout(timer)
      await current
    },
  }
}
