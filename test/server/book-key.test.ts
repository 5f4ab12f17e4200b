/**
 * The store's book key (src/shared/book-key.ts, sync-server/auth/book-keys.ts): one per
 * store, given once at enrollment for the first download, then only to an associate who
 * proves their PIN — whose document then carries the key wrapped with that PIN, so the
 * next sign-in works offline on any tablet of the store.
 */
import type { AssociateDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromBase64, openBookKeyWrap, toBase64 } from '../../src/shared/book-key'
import { hashPin } from '../../sync-server/auth/pin'
import { unboundWrap } from '../fixtures/pins'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

interface KeyAnswer { keyId: string, key: string, error?: { code: string } }

describe.each(BACKENDS)('the book key, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let enrolledKey: KeyAnswer

  const enrollFor = async (storeId: string): Promise<KeyAnswer> => {
    const { token, bookKey } = await server.enroll(storeId)
    tablet ??= apiClient(server.url, token)
    return bookKey
  }
  const askKey = (associateId: string, pin: string) => tablet.request<KeyAnswer>('POST', '/api/book-key', { associateId, pin })
  const associateDoc = async (id: string) => (await tablet.pullAll('associates')).documents.find(a => a.id === id) as AssociateDoc | undefined

  beforeAll(async () => {
    server = await startTestServer(backend)
    const pin = await hashPin('2468', { iterations: 1000 })
    await server.load({ ...world(), associates: [makeAssociate({ pin }), makeAssociate({ id: 'assoc-b1', storeId: 'store-b', staffCode: 'B01', pin })] })
    enrolledKey = await enrollFor('store-a')
  })
  afterAll(() => server.close())

  it('gives a new tablet its store\'s key once, at enrollment, the same for every tablet of the store and another for another store', async () => {
    expect(fromBase64(enrolledKey.key)).toHaveLength(32)
    const second = await enrollFor('store-a')
    expect(second).toEqual(enrolledKey)
    const other = await enrollFor('store-b')
    expect(other.keyId).not.toBe(enrolledKey.keyId)
    expect(other.key).not.toBe(enrolledKey.key)
  })

  it('refuses a wrong PIN, and an associate of another store, and writes nothing', async () => {
    const wrong = await askKey('assoc-a1', '1111')
    expect([wrong.status, wrong.body.error?.code, wrong.body.key]).toEqual([401, 'invalid-pin', undefined])
    const stranger = await askKey('assoc-b1', '2468')
    expect([stranger.status, stranger.body.error?.code]).toEqual([401, 'invalid-pin'])
    expect((await associateDoc('assoc-a1'))?.bookKey ?? null).toBeNull()
  })

  it('gives the key for the right PIN and writes the associate a wrap that only that PIN opens', async () => {
    const answer = await askKey('assoc-a1', '2468')
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ keyId: enrolledKey.keyId, key: enrolledKey.key })
    const doc = (await associateDoc('assoc-a1'))!
    const wrap = doc.bookKey!
    expect(wrap.keyId).toBe(enrolledKey.keyId)
    expect(JSON.stringify(wrap)).not.toContain(enrolledKey.key)
    const opened = await openBookKeyWrap(wrap, '2468', doc.pin)
    expect(toBase64(opened!.raw)).toBe(enrolledKey.key)
    // Bound to this PIN hash: opening it proves the PIN, so a tablet signs in with one PBKDF2.
    expect(opened!.pinProved).toBe(true)
    expect(await openBookKeyWrap(wrap, '1111', doc.pin)).toBeNull()
  })

  it('does not rewrite a wrap that is still good', async () => {
    const before = await associateDoc('assoc-a1')
    await askKey('assoc-a1', '2468')
    expect((await associateDoc('assoc-a1'))!.updatedAt).toBe(before!.updatedAt)
  })

  it('rewrites a wrap from before wraps were bound to the PIN, bound, with the same key', async () => {
    const pin = await hashPin('1357', { iterations: 1000 })
    const legacy = await unboundWrap('1357', pin, enrolledKey.keyId, fromBase64(enrolledKey.key))
    await server.load({ associates: [makeAssociate({ id: 'assoc-a2', staffCode: 'A02', pin, bookKey: legacy })] })
    const before = (await associateDoc('assoc-a2'))!
    expect((await openBookKeyWrap(before.bookKey!, '1357', before.pin))?.pinProved).toBe(false)

    expect((await askKey('assoc-a2', '1357')).body.key).toBe(enrolledKey.key)
    const after = (await associateDoc('assoc-a2'))!
    expect(after.updatedAt).not.toBe(before.updatedAt)
    const opened = await openBookKeyWrap(after.bookKey!, '1357', after.pin)
    expect([toBase64(opened!.raw), opened!.pinProved]).toEqual([enrolledKey.key, true])
  })
})
