/** Runs `fn` when the browser is idle, and after `timeoutMs` at the latest (Safari has no requestIdleCallback). */
export function whenIdle(fn: () => void, timeoutMs = 2000): void {
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(() => fn(), { timeout: timeoutMs })
  else
    setTimeout(fn, 50)
}
