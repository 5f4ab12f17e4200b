import { describe, expect, it } from 'vitest'
import { SyncHttpError } from '../../src/api/http'
import { clearRejections, currentRejections, dismissRejection, isPermanentRejection, recordRejection } from '../../src/sync/rejections'
import { AppError } from '../../src/shared/errors'

const rejection = (id: string, code = 'forbidden') => ({ collection: 'interactions' as const, id, code, message: 'no', at: '2026-11-22T10:00:00.000Z' })

describe('which refusals are set aside instead of retried', () => {
  it.each([
    ['another store', new AppError('forbidden-store', 'x'), true],
    ['an edit of a placed order', new AppError('immutable-field', 'x'), true],
    ['an invalid document', new AppError('invalid-document', 'x'), true],
    ['an unknown 4xx from a newer server', new SyncHttpError('new-code', 'x', 422), true],
    ['a revoked device (handled as the device\'s problem)', new AppError('device-revoked', 'x'), false],
    ['rate limiting', new AppError('rate-limited', 'x'), false],
    ['a request timeout', new SyncHttpError('http-408', 'x', 408), false],
    ['a server error', new AppError('internal', 'x'), false],
    ['a network failure', new TypeError('Failed to fetch'), false],
  ])('%s', (_name, error, permanent) => {
    expect(isPermanentRejection(error)).toBe(permanent)
  })
})

describe('the list of refused changes', () => {
  it('keeps one entry per document, replaces it when refused again, and forgets it when dismissed', () => {
    clearRejections()
    recordRejection(rejection('a'))
    recordRejection(rejection('b'))
    recordRejection(rejection('a', 'immutable-field'))
    expect(currentRejections().map(r => [r.id, r.code])).toEqual([['b', 'forbidden'], ['a', 'immutable-field']])
    dismissRejection({ collection: 'interactions', id: 'b' })
    expect(currentRejections().map(r => r.id)).toEqual(['a'])
    clearRejections()
    expect(currentRejections()).toEqual([])
  })
})
