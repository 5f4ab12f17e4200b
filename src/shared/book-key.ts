/**
 * The store's "book key": the key that seals customers' contact fields on a tablet's disk.
 *
 * - The server keeps one random 256-bit key per store. A tablet never stores it: it gets it
 *   in memory when an associate signs in, and forgets it when the screen locks.
 * - To sign in offline, each associate's document carries the key wrapped with their PIN:
 *   PBKDF2-SHA-256 (same iteration count as the PIN hash, a salt of its own, so the stored
 *   PIN hash says nothing about the wrapping key) then AES-256-GCM. A wrong PIN fails the
 *   GCM tag.
 * - The wrap is bound to the PIN hash it was written under (the hash is GCM's additional
 *   data). Only the server writes wraps, and only for a PIN it has just checked against that
 *   hash, so a wrap that opens with the typed PIN *and* the document's current hash proves the
 *   PIN: the sign-in costs one PBKDF2, not two (the PIN check and the unwrap). A wrap written
 *   before a PIN change no longer opens. Wraps from before the binding (additional data: the
 *   keyId alone) still open, but prove nothing: the PIN is then checked against the hash.
 * - From the raw key, HKDF derives two keys: AES-GCM for sealing text, HMAC-SHA-256 for
 *   "blind" search keys, so an exact e-mail or phone lookup still uses an index without
 *   the address itself being on disk.
 *
 * WebCrypto only, so the server (Node ≥ 20) and the tablet run this very code.
 */

import type { BookKeyWrap, PinHash } from './types'

export type { BookKeyWrap } from './types'

export const BOOK_KEY_BYTES = 32
const SEALED_PREFIX = 'sealed:v1:'
const BLIND_PREFIX = 'h:'
const WRAP_ALGORITHM: BookKeyWrap['algorithm'] = 'PBKDF2-SHA-256/AES-256-GCM'

export interface OpenedWrap {
  raw: Uint8Array<ArrayBuffer>
  /** the wrap is bound to the PIN hash given: the PIN that opened it is the associate's */
  pinProved: boolean
}

export interface BookKeys {
  keyId: string
  seal: CryptoKey
  blind: CryptoKey
}

const subtle = () => {
  const s = globalThis.crypto?.subtle
  if (!s)
    throw new Error('WebCrypto is not available here (it needs HTTPS or localhost).')
  return s
}
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', utf8.encode(pin), 'PBKDF2', false, ['deriveKey'])
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
}

/** GCM's additional data: the key's id and the PIN hash the wrap is bound to. */
const boundTo = (keyId: string, pinHash: PinHash) => utf8.encode(`clienteling book-key wrap v2\n${keyId}\n${pinHash.salt}\n${pinHash.hash}`)

/** The key wrapped with `pin`, which the caller has checked against `pinHash`, and bound to that hash. */
export async function wrapBookKey(raw: Uint8Array<ArrayBuffer>, keyId: string, pin: string, pinHash: PinHash): Promise<BookKeyWrap> {
  const salt = random(16)
  const iv = random(12)
  const key = await pinKey(pin, salt, pinHash.iterations)
  const wrapped = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: boundTo(keyId, pinHash) }, key, raw))
  return { keyId, algorithm: WRAP_ALGORITHM, iterations: pinHash.iterations, salt: toBase64(salt), iv: toBase64(iv), wrapped: toBase64(wrapped) }
}

async function decrypt(key: CryptoKey, wrap: BookKeyWrap, additionalData: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const raw = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(wrap.iv), additionalData }, key, fromBase64(wrap.wrapped))
    return raw.byteLength === BOOK_KEY_BYTES ? new Uint8Array(raw) : null
  }
  catch {
    return null
  }
}

/**
 * Opens a wrap with a typed PIN (one PBKDF2; both kinds of additional data are tried with
 * the one derived key). Null when the PIN or the wrap is wrong, or the wrap is bound to
 * another PIN hash than `pinHash` (the document's current one).
 */
export async function openBookKeyWrap(wrap: BookKeyWrap, pin: string, pinHash: PinHash): Promise<OpenedWrap | null> {
  if (wrap.algorithm !== WRAP_ALGORITHM || !Number.isSafeInteger(wrap.iterations) || wrap.iterations < 1 || wrap.iterations > 10_000_000)
    return null
  let key: CryptoKey
  try {
    key = await pinKey(pin, fromBase64(wrap.salt), wrap.iterations)
  }
  catch {
    return null
  }
  const bound = await decrypt(key, wrap, boundTo(wrap.keyId, pinHash))
  if (bound)
    return { raw: bound, pinProved: true }
  const unbound = await decrypt(key, wrap, utf8.encode(wrap.keyId))
  return unbound && { raw: unbound, pinProved: false }
}

export async function deriveBookKeys(raw: Uint8Array<ArrayBuffer>, keyId: string): Promise<BookKeys> {
  const base = await subtle().importKey('raw', raw, 'HKDF', false, ['deriveKey'])
  const info = (label: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(`clienteling book ${label}`) })
  const [seal, blind] = await Promise.all([
    subtle().deriveKey(info('seal'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle().deriveKey(info('blind'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ])
  return { keyId, seal, blind }
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(SEALED_PREFIX)

export async function sealText(keys: BookKeys, plaintext: string): Promise<string> {
  const iv = random(12)
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv }, keys.seal, utf8.encode(plaintext)))
  const out = new Uint8Array(iv.length + ct.length)
  out.set(iv)
  out.set(ct, iv.length)
  return SEALED_PREFIX + toBase64(out)
}

export async function openText(keys: BookKeys, sealed: string): Promise<string> {
  const bytes = fromBase64(sealed.slice(SEALED_PREFIX.length))
  const plain = await subtle().decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, keys.seal, bytes.subarray(12))
  return fromUtf8.decode(plain)
}

/**
 * A keyed hash of a search key ("field" keeps an e-mail from matching a phone number):
 * 128 bits, URL-safe base64, prefixed so a value is never blinded twice.
 */
export async function blindValue(keys: BookKeys, field: string, value: string): Promise<string> {
  if (!value || value.startsWith(BLIND_PREFIX))
    return value
  const mac = new Uint8Array(await subtle().sign('HMAC', keys.blind, utf8.encode(`${field}\u0000${value}`)))
  return BLIND_PREFIX + toBase64(mac.subarray(0, 16)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
