/**
 * Is an associate using the tablet right now? A new tablet's background download (issue 24)
 * writes the next page only when nobody has looked anything up for a moment: on two cores, a
 * page's parsing and writing would otherwise sit in front of the lookup the associate waits
 * for. Keystrokes in the lookup, lookups and profile openings mark the moment; the download
 * waits for a quiet one.
 */
let lastUse = Number.NEGATIVE_INFINITY

/**
 * `aheadMs`: the use is still to come — a keystroke whose lookup runs after the input's debounce.
 * Marked at the keystroke, the download starts no step in the meantime, and the step already under
 * way ends before the lookup reads (src/sync/write-steps.ts keeps steps shorter than the debounce).
 */
export function markForeground(aheadMs = 0): void {
  lastUse = Math.max(lastUse, performance.now() + aheadMs)
}

/** An associate used the tablet within `ms`: the download writes in short steps meanwhile. */
export function foregroundRecently(ms = 10_000): boolean {
  return performance.now() - lastUse < ms
}

/** Resolves once nothing was marked for `quietMs` (at once if nothing was, lately). */
export async function foregroundIdle(quietMs = 300): Promise<void> {
  for (;;) {
    const wait = lastUse + quietMs - performance.now()
    if (wait <= 0)
      return
    await new Promise(resolve => setTimeout(resolve, wait))
  }
}
