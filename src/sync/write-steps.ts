/**
 * How many documents a new tablet's background download writes in one step while an associate
 * uses the tablet (issue 24). A lookup that comes while a step is being written waits for it:
 * Chromium runs an origin's IndexedDB transactions in one sequence, and the step's sealing is the
 * page's own JavaScript. A fixed 100 documents made the first lookup of a burst wait: its p95 was
 * 122 ms against 27 ms for the others (bench:browser, 20,000 customers). So a step is sized by
 * time: after each one, the size is scaled toward what would have taken STEP_TARGET_MS — at most
 * halved or doubled at once, so one slow step (a lookup's read in front of it) does not swing it —
 * and kept within [MIN_STEP, MAX_STEP]. Pure: the rule is tested apart from any storage.
 *
 * The target is under the lookup's debounce (120 ms) with room for a step twice as slow: a keystroke
 * holds the next step (src/platform/foreground.ts), so the step under way has the debounce to end
 * before the lookup reads. Before the keystroke held the download, steps aimed at 25 ms so that a
 * lookup arriving mid-step waited little, and the download while someone typed took 2.61× its floor
 * at 100,000 customers (BENCHMARKS.md); 50 ms was not compared with 25 in the same scenario.
 */
export const STEP_TARGET_MS = 50
export const MIN_STEP = 10
export const MAX_STEP = 500
/** Where a download starts when an associate is busy. */
export const FIRST_STEP = 100

export function nextStep(size: number, tookMs: number): number {
  const scaled = tookMs > 0 ? size * STEP_TARGET_MS / tookMs : size * 2
  const bounded = Math.min(size * 2, Math.max(size / 2, scaled))
  return Math.round(Math.min(MAX_STEP, Math.max(MIN_STEP, bounded)))
}
