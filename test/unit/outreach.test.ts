import { describe, expect, it } from 'vitest'
import { outreachFor } from '../../src/domain/outreach'
import { makeConsent, makeCustomer } from '../fixtures/docs'

describe('the channels an associate may use to reach a customer', () => {
  it.each([
    ['none without any consent', {}, { email: null, sms: null, phone: null }],
    ['e-mail once granted', { email: makeConsent({ granted: true }) }, { email: 'maria.rossi@example.com', sms: null, phone: null }],
    ['not e-mail once withdrawn', { email: makeConsent({ granted: false }) }, { email: null, sms: null, phone: null }],
    ['SMS and calls to the number as dialled', { sms: makeConsent(), phone: makeConsent() }, { email: null, sms: '+393331234567', phone: '+393331234567' }],
  ])('%s', (_, consents, expected) => {
    expect(outreachFor(makeCustomer({ consents }))).toEqual(expected)
  })
})
