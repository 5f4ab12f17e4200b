/**
 * A fixed-window limit per key for endpoints someone could hammer: to guess a secret
 * (enrollment codes per address, PINs per tablet) or to copy data a little at a time
 * (online search, pins and receipt resends per tablet and per associate).
 * In memory, per process: behind a load balancer each instance limits on its own, which
 * multiplies the budget by the number of instances but still bounds it.
 */
import { AppError } from '../../src/shared/errors'

export interface RateLimiter {
  /** counts one attempt for `key`; throws `rate-limited` once the window's budget is spent */
  hit: (key: string, now?: number) => void
}

/** `what` names the counted thing in the refusal ("attempts from this address"). */
export function createRateLimiter(options: { max: number, windowMs: number, what?: string }): RateLimiter {
  const windows = new Map<string, { start: number, count: number }>()
  return {
    hit: (key, now = Date.now()) => {
      let w = windows.get(key)
      if (!w || now - w.start >= options.windowMs) {
        w = { start: now, count: 0 }
        windows.set(key, w)
        // Forget finished windows now and then so the map can't grow without bound.
        if (windows.size > 10_000) {
          for (const [k, v] of windows) {
            if (now - v.start >= options.windowMs)
              windows.delete(k)
          }
        }
      }
      w.count++
      if (w.count > options.max) {
        const retryAfterS = Math.ceil((w.start + options.windowMs - now) / 1000)
        throw new AppError('rate-limited', `Too many ${options.what ?? 'attempts from this address'}: try again in ${retryAfterS} s.`, { retryAfterS })
      }
    },
  }
}
