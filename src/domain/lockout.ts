/**
 * The shared tablet's brute-force brake, as pure functions of (state, now). The counter is
 * per device, not per associate: otherwise five guesses per person would be free. Five
 * wrong PINs in a row lock the tablet for 5 minutes, each further lockout doubles that up
 * to an hour, and a correct PIN forgives everything. The state is saved (localStorage) so a
 * reload doesn't reset it.
 *
 * A store manager on the spot can lift a lockout with their own PIN (longer: six digits). That
 * door has its own small budget, three tries per lockout, so locking the tablet on purpose
 * buys a guesser three tries at a manager's PIN every five minutes or more — far fewer than
 * the associates' PINs already allow.
 */
const MAX_FAILURES = 5
const MAX_MANAGER_FAILURES = 3
export const FIRST_LOCKOUT_MS = 5 * 60_000
export const MAX_LOCKOUT_MS = 60 * 60_000

export interface LockoutState {
  /** wrong PINs since the last correct one or the last lockout */
  failures: number
  /** lockouts since the last correct PIN: each doubles the next */
  lockouts: number
  /** epoch ms; null when not locked out */
  lockedUntil: number | null
  /** wrong manager PINs typed to lift the current lockout */
  managerFailures: number
}

export const INITIAL_LOCKOUT: LockoutState = { failures: 0, lockouts: 0, lockedUntil: null, managerFailures: 0 }

export function lockoutDuration(lockouts: number): number {
  return Math.min(FIRST_LOCKOUT_MS * 2 ** Math.max(0, lockouts - 1), MAX_LOCKOUT_MS)
}

/**
 * A lockout ending further away than the longest one means the clock was moved back (or
 * the saved state was tampered with): it still locks, but for no more than the maximum.
 */
function clampToClock(state: LockoutState, now: number): LockoutState {
  if (state.lockedUntil !== null && state.lockedUntil - now > MAX_LOCKOUT_MS)
    return { ...state, lockedUntil: now + MAX_LOCKOUT_MS }
  return state
}

export function isLockedOut(state: LockoutState, now: number): boolean {
  return state.lockedUntil !== null && now < state.lockedUntil
}

export function attemptsLeft(state: LockoutState): number {
  return Math.max(0, MAX_FAILURES - state.failures)
}

export function registerFailure(state: LockoutState, now: number): LockoutState {
  const current = clampToClock(state, now)
  if (isLockedOut(current, now))
    return current
  const failures = current.failures + 1
  if (failures < MAX_FAILURES)
    return { ...current, failures, lockedUntil: null }
  const lockouts = current.lockouts + 1
  return { failures: 0, lockouts, lockedUntil: now + lockoutDuration(lockouts), managerFailures: 0 }
}

/** Manager PINs left to lift the lockout now: none once three were wrong, until it ends by itself. */
export function managerAttemptsLeft(state: LockoutState, now: number): number {
  return isLockedOut(state, now) ? Math.max(0, MAX_MANAGER_FAILURES - state.managerFailures) : 0
}

export function registerManagerFailure(state: LockoutState, now: number): LockoutState {
  const current = clampToClock(state, now)
  return isLockedOut(current, now) ? { ...current, managerFailures: Math.min(MAX_MANAGER_FAILURES, current.managerFailures + 1) } : current
}

export function registerSuccess(): LockoutState {
  return { ...INITIAL_LOCKOUT }
}

/** Saved JSON back to a state; anything unreadable counts as a fresh start rather than a crash. */
export function parseLockout(text: string | null, now: number): LockoutState {
  if (!text)
    return { ...INITIAL_LOCKOUT }
  try {
    const value = JSON.parse(text) as Partial<LockoutState>
    const count = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0)
    const lockedUntil = typeof value.lockedUntil === 'number' && Number.isFinite(value.lockedUntil) ? value.lockedUntil : null
    return clampToClock({ failures: Math.min(count(value.failures), MAX_FAILURES - 1), lockouts: count(value.lockouts), lockedUntil, managerFailures: Math.min(count(value.managerFailures), MAX_MANAGER_FAILURES) }, now)
  }
  catch {
    return { ...INITIAL_LOCKOUT }
  }
}
