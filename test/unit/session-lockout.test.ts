import type { LockoutState } from '../../src/domain/lockout'
import { describe, expect, it } from 'vitest'
import { attemptsLeft, FIRST_LOCKOUT_MS, INITIAL_LOCKOUT, isLockedOut, lockoutDuration, managerAttemptsLeft, MAX_LOCKOUT_MS, parseLockout, registerFailure, registerManagerFailure, registerSuccess } from '../../src/domain/lockout'

const MIN = 60_000
const T = 1_750_000_000_000

function failTimes(n: number, from: LockoutState = INITIAL_LOCKOUT, now = T): LockoutState {
  let state = from
  for (let i = 0; i < n; i++) state = registerFailure(state, now)
  return state
}

describe('wrong PINs and lockouts', () => {
  it.each([
    [1, 4, false],
    [4, 1, false],
  ])('after %i wrong PINs %i attempts are left and the tablet is open', (wrong, left, locked) => {
    const state = failTimes(wrong)
    expect(attemptsLeft(state)).toBe(left)
    expect(isLockedOut(state, T)).toBe(locked)
  })

  it('the fifth wrong PIN in a row locks the tablet for 5 minutes', () => {
    const state = failTimes(5)
    expect(isLockedOut(state, T)).toBe(true)
    expect(state.lockedUntil).toBe(T + 5 * MIN)
    expect(isLockedOut(state, T + 5 * MIN - 1)).toBe(true)
    expect(isLockedOut(state, T + 5 * MIN)).toBe(false)
  })

  it('wrong PINs while locked out change nothing', () => {
    const locked = failTimes(5)
    expect(registerFailure(locked, T + MIN)).toEqual(locked)
  })

  it('after a lockout ends there are five fresh attempts', () => {
    const state = failTimes(5)
    expect(attemptsLeft(state)).toBe(5)
    expect(isLockedOut(failTimes(4, state, T + 6 * MIN), T + 6 * MIN)).toBe(false)
  })

  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [4, 40],
    [5, 60],
    [9, 60],
  ])('lockout number %i lasts %i minutes', (lockouts, minutes) => {
    expect(lockoutDuration(lockouts)).toBe(minutes * MIN)
  })

  it('repeated lockouts double, measured from the fifth wrong PIN of each round', () => {
    const first = failTimes(5)
    const later = T + 6 * MIN
    const second = failTimes(5, first, later)
    expect(second.lockouts).toBe(2)
    expect(second.lockedUntil).toBe(later + 2 * FIRST_LOCKOUT_MS)
  })

  it('a correct PIN resets the counter and the doubling', () => {
    const state = registerSuccess()
    expect(state).toEqual(INITIAL_LOCKOUT)
    expect(attemptsLeft(failTimes(4, state))).toBe(1)
    expect(failTimes(5, state).lockedUntil).toBe(T + FIRST_LOCKOUT_MS)
  })
})

describe('the saved lockout state', () => {
  it('comes back as it was saved', () => {
    const state = failTimes(5)
    expect(parseLockout(JSON.stringify(state), T)).toEqual(state)
  })

  it.each([
    ['nothing saved', null],
    ['not JSON', '{oops'],
    ['wrong types', '{"failures":"x","lockouts":-1,"lockedUntil":"soon"}'],
  ])('%s is a fresh start', (_, text) => {
    expect(parseLockout(text, T)).toEqual(INITIAL_LOCKOUT)
  })

  it('a clock moved back does not lock the tablet for longer than an hour', () => {
    const state = failTimes(5)
    const backwards = T - 24 * 60 * MIN
    expect(parseLockout(JSON.stringify(state), backwards).lockedUntil).toBe(backwards + MAX_LOCKOUT_MS)
  })
})

describe('a manager lifting a lockout', () => {
  it('has three tries while the tablet is locked out, and none when it is not', () => {
    expect(managerAttemptsLeft(failTimes(4), T)).toBe(0)
    let state = failTimes(5)
    expect(managerAttemptsLeft(state, T)).toBe(3)
    state = registerManagerFailure(registerManagerFailure(registerManagerFailure(registerManagerFailure(state, T), T), T), T)
    expect([managerAttemptsLeft(state, T), state.managerFailures]).toEqual([0, 3])
  })

  it('gets three new tries with the next lockout, and the count survives a reload', () => {
    const spent = registerManagerFailure(failTimes(5), T)
    expect(parseLockout(JSON.stringify(spent), T).managerFailures).toBe(1)
    const later = T + 5 * MIN
    const next = failTimes(5, spent, later)
    expect(managerAttemptsLeft(next, later)).toBe(3)
  })

  it('does not count a manager\'s wrong PIN when nothing is locked', () => {
    expect(registerManagerFailure(INITIAL_LOCKOUT, T)).toEqual(INITIAL_LOCKOUT)
  })
})
