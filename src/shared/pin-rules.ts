/**
 * How long a PIN must be, by role. Every tablet of a store holds its associates' PIN hashes
 * (for offline sign-in), so a stolen tablet lets an attacker try PINs offline at the speed of
 * PBKDF2 on their own hardware: four digits fall in minutes. A manager's PIN approves
 * discounts, opens the manager area and reaches the store's customers online, so it must
 * have at least six digits (a hundred times the work); checked wherever a PIN is set, and by
 * the server before it opens a manager session.
 */
import type { Role } from './types'

const MIN_PIN_DIGITS: Record<Role, number> = { associate: 4, manager: 6 }
const MAX_PIN_DIGITS = 6

/** Null when the PIN may be set for this role, else a sentence saying what is wrong. */
export function pinProblem(role: Role, pin: string): string | null {
  const min = MIN_PIN_DIGITS[role]
  if (!/^\d+$/.test(pin) || pin.length < min || pin.length > MAX_PIN_DIGITS)
    return min === MAX_PIN_DIGITS ? `A ${role}'s PIN is ${min} digits.` : `A ${role}'s PIN is ${min} to ${MAX_PIN_DIGITS} digits.`
  return null
}
