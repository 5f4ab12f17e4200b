/**
 * Offline PIN check on the tablet: PBKDF2-HMAC-SHA-256 through WebCrypto with the salt and
 * iteration count stored in the synced hash, so it accepts exactly what the server's
 * `hashPin` (sync-server/auth/pin.ts) produced. WebCrypto's `subtle` exists only in secure
 * contexts (HTTPS or localhost): without it no PIN can be checked, which is reported as
 * such rather than as a wrong PIN.
 */
import type { PinHash } from '../shared/types'

const PIN_KEY_BITS = 256
export const PIN_MIN_LENGTH = 4
export const PIN_MAX_LENGTH = 6
/** The schema's ceiling: a hash asking for more would freeze the tablet. */
const MAX_ITERATIONS = 10_000_000

export class PinCheckUnavailableError extends Error {
  constructor() {
    super('This browser cannot check PINs: WebCrypto needs HTTPS (or localhost).')
    this.name = 'PinCheckUnavailableError'
  }
}

export function isPinShaped(pin: string): boolean {
  return new RegExp(`^\\d{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`).test(pin)
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  }
  catch {
    return null
  }
}

/** Compares every byte whatever the first difference, so timing says nothing about the hash. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

export async function verifyPin(pin: string, hash: PinHash): Promise<boolean> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle)
    throw new PinCheckUnavailableError()
  if (hash.algorithm !== 'PBKDF2-SHA-256')
    return false
  if (!Number.isSafeInteger(hash.iterations) || hash.iterations < 1 || hash.iterations > MAX_ITERATIONS)
    return false
  const salt = fromBase64(hash.salt)
  const expected = fromBase64(hash.hash)
  if (!salt || !expected || expected.length !== PIN_KEY_BITS / 8)
    return false
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits'])
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: hash.iterations }, key, PIN_KEY_BITS)
  return sameBytes(new Uint8Array(bits), expected)
}
