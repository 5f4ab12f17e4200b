import { describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { isPinShaped, verifyPin } from '../../src/domain/pin'

// The schema's minimum: slow enough to be real PBKDF2, fast enough for a unit test.
const iterations = 100_000

describe('checking a PIN on the tablet with WebCrypto', () => {
  it('accepts the PIN the server hashed', async () => {
    const hash = await hashPin('0303', { iterations })
    expect(await verifyPin('0303', hash)).toBe(true)
  })

  it('accepts a six-digit PIN hashed by the server', async () => {
    const hash = await hashPin('482913', { iterations })
    expect(await verifyPin('482913', hash)).toBe(true)
  })

  it('rejects a wrong PIN, a prefix of the right one and an empty one', async () => {
    const hash = await hashPin('0303', { iterations })
    expect(await verifyPin('0304', hash)).toBe(false)
    expect(await verifyPin('030', hash)).toBe(false)
    expect(await verifyPin('', hash)).toBe(false)
  })

  it('uses the iteration count and salt stored in the hash', async () => {
    const hash = await hashPin('1234', { iterations })
    expect(await verifyPin('1234', { ...hash, iterations: iterations + 1 })).toBe(false)
    const other = await hashPin('1234', { iterations })
    expect(await verifyPin('1234', { ...hash, salt: other.salt })).toBe(false)
  })

  it('refuses damaged or foreign hashes instead of throwing', async () => {
    const hash = await hashPin('1234', { iterations })
    expect(await verifyPin('1234', { ...hash, hash: 'not base64!' })).toBe(false)
    expect(await verifyPin('1234', { ...hash, hash: hash.hash.slice(0, 20) })).toBe(false)
    expect(await verifyPin('1234', { ...hash, iterations: 0 })).toBe(false)
    expect(await verifyPin('1234', { ...hash, algorithm: 'MD5' as 'PBKDF2-SHA-256' })).toBe(false)
  })
})

describe('what a PIN looks like', () => {
  it.each([
    ['0101', true],
    ['123456', true],
    ['123', false],
    ['1234567', false],
    ['12a4', false],
    [' 1234', false],
  ])('%j is %s', (pin, shaped) => {
    expect(isPinShaped(pin)).toBe(shaped)
  })
})
