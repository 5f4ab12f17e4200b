import { describe, expect, it } from 'vitest'
import { classifySyncError, isQuotaError } from '../../src/domain/problems'
import { formatEnrollCode, normaliseEnrollCode, normaliseServerUrl } from '../../src/api/enrollment'
import { requestKey } from '../../src/sync/session'

describe('sync problems as the associate sees them', () => {
  it('reports a full disk wrapped inside an RxDB pull error', () => {
    const rxError = { name: 'RxError', code: 'RC_PULL', parameters: { errors: [{ name: 'QuotaExceededError', message: 'The quota has been exceeded.' }] } }
    expect(isQuotaError(rxError)).toBe(true)
    expect(classifySyncError(rxError).kind).toBe('storage-full')
  })

  it('treats a fetch that got no answer as the network, not as an error to show', () => {
    const rxError = { name: 'RxError', code: 'RC_PUSH', parameters: { errors: [{ name: 'TypeError', message: 'Failed to fetch' }] } }
    expect(classifySyncError(rxError).kind).toBe('network')
    expect(classifySyncError({ name: 'SyncHttpError', code: 'timeout', message: 'No answer' }).kind).toBe('network')
  })

  it('tells a refused change from a server that is down, and spots a revoked device', () => {
    expect(classifySyncError({ name: 'AppError', code: 'invalid-document', message: 'bad visit' })).toEqual({ kind: 'rejected', code: 'invalid-document', message: 'bad visit' })
    expect(classifySyncError({ name: 'SyncHttpError', code: 'http-502', message: 'Bad gateway' }).kind).toBe('server')
    expect(classifySyncError({ name: 'AppError', code: 'device-revoked', message: 'revoked' }).kind).toBe('auth')
  })

  it('names each request after its direction and collection', () => {
    expect(requestKey('http://x/api/sync/visits/push')).toBe('push:visits')
    expect(requestKey('/api/sync/customers/pull?checkpoint=null&limit=500')).toBe('pull:customers')
    expect(requestKey('/api/sync/stream')).toBe('stream')
  })
})

describe('enrollment input read forgivingly', () => {
  it('accepts the code with spaces, dashes and in lower case', () => {
    expect(normaliseEnrollCode('abcd efgh')).toBe('ABCDEFGH')
    expect(normaliseEnrollCode(' ABCD-EFGH ')).toBe('ABCDEFGH')
    expect(formatEnrollCode('abcdefgh')).toBe('ABCD-EFGH')
    expect(formatEnrollCode('ab')).toBe('AB')
  })

  it('reads a server address with or without scheme and refuses nonsense', () => {
    expect(normaliseServerUrl('')).toBe('')
    expect(normaliseServerUrl('sync.example.com/')).toBe('https://sync.example.com')
    expect(normaliseServerUrl('http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080')
    expect(normaliseServerUrl('http://exa mple')).toBeNull()
  })
})
