import { describe, expect, it } from 'vitest'
import { contactPressure, messageChannels, messageLink, outreachFor } from '../../src/domain/outreach'
import { fillTemplate, templateFor } from '../../src/domain/templates'
import { makeConsent, makeCustomer, makeOutreach } from '../fixtures/docs'

const NOW = new Date('2026-12-04T10:00:00.000Z')
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString()

describe('reaching a customer from the tablet', () => {
  it('offers only the channels the customer agreed to, WhatsApp under the SMS consent', () => {
    expect(messageChannels(outreachFor(makeCustomer({ consents: { email: makeConsent(), sms: makeConsent({ granted: false }) } })))).toEqual(['email'])
    expect(messageChannels(outreachFor(makeCustomer({ consents: { sms: makeConsent() } })))).toEqual(['sms', 'whatsapp'])
    expect(messageChannels(outreachFor(makeCustomer({ consents: {} })))).toEqual([])
  })

  it('counts this store\'s messages of the last seven days against its limit, not a failed one or another store\'s', () => {
    const messages = [
      makeOutreach({ id: 'a', at: daysAgo(1), associateId: 'assoc-giulia' }),
      makeOutreach({ id: 'b', at: daysAgo(6.9) }),
      makeOutreach({ id: 'c', at: daysAgo(2), status: 'failed' }),
      makeOutreach({ id: 'd', at: daysAgo(0.5), storeId: 'store-other' }),
      makeOutreach({ id: 'e', at: daysAgo(8) }),
    ]
    expect(contactPressure(messages, 'store-milano-duomo', NOW, 2)).toEqual({ sentThisWeek: 2, limit: 2, blocked: true, last: { associateId: 'assoc-giulia', at: daysAgo(1), channel: 'email' } })
    expect(contactPressure(messages, 'store-milano-duomo', NOW, 3).blocked).toBe(false)
  })

  it('opens the tablet\'s own apps with the text written', () => {
    expect(messageLink('sms', '+39 333 123 4567', 'Ciao Maria & co.')).toBe('sms:+393331234567?body=Ciao%20Maria%20%26%20co.')
    expect(messageLink('whatsapp', '+39 333 123 4567', 'Ciao!')).toBe('https://wa.me/393331234567?text=Ciao!')
  })

  it('fills a template in the customer\'s language and suggests one per task', () => {
    const { subject, body } = fillTemplate(templateFor('birthday'), 'en', { firstName: 'Zoë', associate: 'Luca', store: 'Milano Duomo' })
    expect(subject).toBe('Happy birthday, Zoë!')
    expect(body).toContain('from all of us at Milano Duomo')
    expect(templateFor(null).id).toBe('look')
    expect(fillTemplate({ id: 'x', subject: { it: '{unknown} {firstName}', en: '' }, body: { it: '', en: '' } }, 'it', { firstName: 'Ada', associate: '', store: '' }).subject).toBe('{unknown} Ada')
  })
})
