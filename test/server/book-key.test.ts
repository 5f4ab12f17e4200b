/**
 * The store's book key (src/shared/book-key.ts, sync-server/auth/book-keys.ts): one per
 * store, given once at enrollment for the first download, then only to an associate who
 * proves their PIN — whose document then carries the key wrapped with that PIN, so the
 * next sign-in works offline on any tablet of the store.
 */
import type { AssociateDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromBase64, toBase64, unwrapBookKey } from '../../src/shared/book-key'
import { hashPin } from '../../sync-server/auth/pin'
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
    const wrap = (await associateDoc('assoc-a1'))!.bookKey!
    expect(wrap.keyId).toBe(enrolledKey.keyId)
    expect(JSON.stringify(wrap)).not.toContain(enrolledKey.key)
    expect(toBase64((await unwrapBookKey(wrap, '2468'))!)).toBe(enrolledKey.key)
    expect(await unwrapBookKey(wrap, '1111')).toBeNull()
  })

  it('does not rewrite a wrap that is still good', async () => {
    const before = await associateDoc('assoc-a1')
    await askKey('assoc-a1', '2468')
    expect((await associateDoc('assoc-a1'))!.updatedAt).toBe(before!.updatedAt)
  })
})
