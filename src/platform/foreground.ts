/**
 * Is an associate using the tablet right now? A new tablet's background download (issue 24)
 * writes the next page only when nobody has looked anything up for a moment: on two cores, a
 * page's parsing and writing would otherwise sit in front of the lookup the associate waits
 * for. Keystrokes in the lookup, lookups and profile openings mark the moment; the download
 * waits for a quiet one.
 */
let lastUse = Number.NEGATIVE_INFINITY

/** A mark ahead is a debounce, never more: a wrong value must not hold the download for good. */
const MAX_AHEAD_MS = 1000

/**
 * `aheadMs`: the use is still to come — a keystroke whose lookup runs after the input's debounce.
 * Marked at the keystroke, the download starts no step in the meantime, so the step already under
 * way has the debounce to end before the lookup reads (src/sync/write-steps.ts aims steps at 50 ms,
 * under the lookup's 120). The later mark wins: a lookup now does not shorten a keystroke's hold.
 */
export function markForeground(aheadMs = 0): void {
  const ahead = Number.isFinite(aheadMs) ? Math.min(MAX_AHEAD_MS, Math.max(0, aheadMs)) : 0
  lastUse = Math.max(lastUse, performance.now() + ahead)
}

/** An associate used the tablet within `ms`: the download writes in short steps meanwhile. */
export function foregroundRecently(ms = 10_000): boolean {
  return performance.now() - lastUse < ms
}

/** Resolves `quietMs` after the latest mark's time (at once if that is past). */
export async function foregroundIdle(quietMs = 300): Promise<void> {
  for (;;) {
    const wait = lastUse + quietMs - performance.now()
    if (wait <= 0)
      return
    await new Promise(resolve => setTimeout(resolve, wait))
  }
}
