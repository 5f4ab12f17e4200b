/**
 * The moment an associate uses the tablet, which a new tablet's background download waits out
 * (issue 24). A keystroke marks the lookup that runs after the input's debounce.
 */
import { describe, expect, it } from 'vitest'
import { foregroundIdle, foregroundRecently, markForeground } from '../../src/platform/foreground'

async function msUntilIdle(quietMs: number): Promise<number> {
  const start = performance.now()
  await foregroundIdle(quietMs)
  return performance.now() - start
}

describe('the associate\'s use of the tablet, for the background download', () => {
  it('holds the download for the quiet time after a lookup', async () => {
    markForeground()
    expect(foregroundRecently()).toBe(true)
    expect(await msUntilIdle(40)).toBeGreaterThanOrEqual(35)
  })

  it('holds it from a keystroke until the debounced lookup has run, and the quiet time after', async () => {
    markForeground(80)
    expect(await msUntilIdle(40)).toBeGreaterThanOrEqual(115)
  })

  it('keeps the later of two marks: a lookup now does not shorten a keystroke\'s hold', async () => {
    markForeground(80)
    markForeground()
    expect(await msUntilIdle(0)).toBeGreaterThanOrEqual(75)
  })

  it('lets the download go on at once when nobody marked anything for the quiet time', async () => {
    markForeground()
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(await msUntilIdle(20)).toBeLessThan(20)
  })
})
