/**
 * Associate PINs. Plain PBKDF2-HMAC-SHA-256 with a 32-byte key, so the tablet can check a
 * PIN offline with WebCrypto (`deriveBits` with the same salt and iterations) against the
 * synced hash. A 4–6 digit PIN has little entropy: the iteration count is what makes a
 * stolen tablet's copy of the hashes expensive to brute-force, hence OWASP's 600,000.
 */
import type { PinHash } from '../../src/shared/types'
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const pbkdf2Async = promisify(pbkdf2)

export const DEFAULT_PIN_ITERATIONS = 600_000
const PIN_KEY_BYTES = 32
export const PIN_SALT_BYTES = 16
/** The schema's ceiling: a stored hash asking for more would let a bad document stall the server. */
const MAX_ITERATIONS = 10_000_000

export interface HashPinOptions {
  iterations?: number
  /** Random by default; the demo seed passes one derived from the associate's id so reseeding is idempotent. */
  salt?: Buffer
}

export async function hashPin(pin: string, options: HashPinOptions = {}): Promise<PinHash> {
  const iterations = options.iterations ?? DEFAULT_PIN_ITERATIONS
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS)
    throw new RangeError(`PIN iterations must be an integer between 1 and ${MAX_ITERATIONS}`)
  const salt = options.salt ?? randomBytes(PIN_SALT_BYTES)
  const key = await pbkdf2Async(pin, salt, iterations, PIN_KEY_BYTES, 'sha256')
  return { algorithm: 'PBKDF2-SHA-256', iterations, salt: salt.toString('base64'), hash: key.toString('base64') }
}

export async function verifyPin(pin: string, pinHash: PinHash): Promise<boolean> {
  if (pinHash.algorithm !== 'PBKDF2-SHA-256')
    return false
  const { iterations } = pinHash
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS)
    return false
  const expected = Buffer.from(pinHash.hash, 'base64')
  if (expected.length !== PIN_KEY_BYTES)
    return false
  const key = await pbkdf2Async(pin, Buffer.from(pinHash.salt, 'base64'), iterations, PIN_KEY_BYTES, 'sha256')
  return timingSafeEqual(key, expected)
}
