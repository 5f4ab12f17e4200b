import { describe, expect, it } from 'vitest'
import { FIRST_STEP, MAX_STEP, MIN_STEP, nextStep, STEP_TARGET_MS } from '../../src/sync/write-steps'

describe('the size of a download step while an associate works', () => {
  it('stays where it is when a step took the target time', () => {
    expect(nextStep(FIRST_STEP, STEP_TARGET_MS)).toBe(FIRST_STEP)
  })

  it('shrinks toward the target after a slow step, at most by half at once', () => {
    expect(nextStep(100, STEP_TARGET_MS * 1.25)).toBe(80)
    expect(nextStep(100, STEP_TARGET_MS * 4)).toBe(50)
  })

  it('grows after a quick step, at most doubling', () => {
    expect(nextStep(100, STEP_TARGET_MS / 1.25)).toBe(125)
    expect(nextStep(100, 1)).toBe(200)
    expect(nextStep(100, 0)).toBe(200)
  })

  it('never goes below the smallest step nor above a page', () => {
    expect(nextStep(MIN_STEP, 10_000)).toBe(MIN_STEP)
    expect(nextStep(MAX_STEP, 1)).toBe(MAX_STEP)
  })

  it('settles near what takes the target time at a steady cost per document', () => {
    const msPerDocument = 1
    let size = FIRST_STEP
    for (let i = 0; i < 10; i++) size = nextStep(size, size * msPerDocument)
    expect(size).toBe(STEP_TARGET_MS / msPerDocument)
  })
})
