import { describe, expect, it } from 'vitest'
import { callOnline, onlineFailure } from '../../src/api/online'
import { SyncHttpError } from '../../src/api/http'
import { AppError } from '../../src/shared/errors'

describe('how an online call went, for the screen that made it', () => {
  it.each([
    ['no network at all (fetch\'s TypeError)', new TypeError('Failed to fetch'), 'offline', 'network'],
    ['no answer in time', new SyncHttpError('timeout', 'No answer within 8000 ms', 0), 'offline', 'network'],
    ['a gateway that could not reach the server', new SyncHttpError('http-502', 'Bad Gateway', 502), 'offline', 'network'],
    ['a session the server no longer knows', new AppError('session-required', 'Sign in with your PIN.'), 'needs-session', 'session-required'],
    ['too many for now', new AppError('rate-limited', 'Too many searches.'), 'limited', 'rate-limited'],
    ['a refusal with its reason', new AppError('customer-shared', 'Other stores serve this customer.', { stores: ['store-b'] }), 'refused', 'customer-shared'],
    ['a server fault', new SyncHttpError('http-500', 'Internal Server Error', 500), 'error', 'http-500'],
    ['a bug that is not the network', new TypeError('x is not a function'), 'error', 'unexpected'],
  ])('tells %s apart', (_, error, kind, code) => {
    expect(onlineFailure(error)).toMatchObject({ kind, code })
  })

  it('keeps the server\'s sentence and details, so a screen can say why', async () => {
    const outcome = await callOnline(() => Promise.reject(new AppError('customer-shared', 'Other stores serve this customer.', { stores: ['store-b'] })))
    expect(outcome).toEqual({ ok: false, kind: 'refused', code: 'customer-shared', message: 'Other stores serve this customer.', details: { stores: ['store-b'] } })
  })

  it('hands back the value of a call that worked', async () => {
    expect(await callOnline(async () => 42)).toEqual({ ok: true, value: 42 })
  })
})
