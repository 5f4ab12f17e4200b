/**
 * The moment an associate uses the tablet, which a new tablet's background download waits out
 * (issue 24). A keystroke marks the lookup that runs after the input's debounce.
 */
import { describe, expect, it } from 'vitest'
import { foregroundIdle, foregroundRecently, markForeground } from '../../src/platform/foreground'

async function msUntilIdle(start: number, quietMs: number): Promise<number> {
  await foregroundIdle(quietMs)
  return performance.now() - start
}

describe('the associate\'s use of the tablet, for the background download', () => {
  it('holds the download for the quiet time after a lookup', async () => {
    const start = performance.now()
    markForeground()
    expect(foregroundRecently()).toBe(true)
    expect(await msUntilIdle(start, 40)).toBeGreaterThanOrEqual(40)
  })

  it('holds it from a keystroke until the debounced lookup has run, and the quiet time after', async () => {
    const start = performance.now()
    markForeground(80)
    expect(await msUntilIdle(start, 40)).toBeGreaterThanOrEqual(120)
  })

  it('keeps the later of two marks: a lookup now does not shorten a keystroke\'s hold', async () => {
    const start = performance.now()
    markForeground(80)
    markForeground()
    expect(await msUntilIdle(start, 0)).toBeGreaterThanOrEqual(80)
  })

  it('holds no longer than a second, whatever it is asked: a wrong mark cannot stop the download for good', async () => {
    markForeground(Number.POSITIVE_INFINITY)
    markForeground(10 ** 12)
    const start = performance.now()
    const giveUp = new Promise<number>(resolve => setTimeout(resolve, 3000, Number.POSITIVE_INFINITY))
    expect(await Promise.race([msUntilIdle(start, 0), giveUp])).toBeLessThanOrEqual(1500)
  })

  it('lets the download go on at once when nobody marked anything for the quiet time', async () => {
    markForeground()
    await new Promise(resolve => setTimeout(resolve, 30))
    const start = performance.now()
    expect(await msUntilIdle(start, 20)).toBeLessThan(20)
  })
})
