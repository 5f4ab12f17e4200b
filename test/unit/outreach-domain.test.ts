import { describe, expect, it } from 'vitest'
import { contactPressure, messageChannels, messageLink, outreachFor } from '../../src/domain/outreach'
import type { StoreTemplate } from '../../src/shared/types'
import { fillTemplate, storeTemplates, TEMPLATES, templateFor, templateProblems } from '../../src/domain/templates'
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
    expect(fillTemplate({ subject: { it: '{unknown} {firstName}', en: '' }, body: { it: '', en: '' } }, 'it', { firstName: 'Ada', associate: '', store: '' }).subject).toBe('{unknown} Ada')
  })
})

const storeTemplate = (o: Partial<StoreTemplate> = {}): StoreTemplate => ({
  id: 'custom-sale',
  name: 'Saldi',
  subject: { it: 'Saldi per te, {firstName}', en: 'Sale for you, {firstName}' },
  body: { it: 'Ciao {firstName}, ho pensato a {products}.', en: 'Hi {firstName}, I thought of {products}.' },
  updatedBy: 'mgr-anna',
  updatedAt: '2026-11-20T10:00:00.000Z',
  ...o,
})

describe('the store\'s templates', () => {
  it('keeps the built-in ones in their order, the store\'s rewrite in place of one, and adds the store\'s own by name', () => {
    const rewritten = storeTemplate({ id: 'birthday', name: 'ignored', subject: { it: 'Auguri {firstName}', en: 'Best wishes {firstName}' } })
    const list = storeTemplates([storeTemplate({ id: 'custom-z', name: 'Zeta' }), rewritten, storeTemplate({ id: 'custom-a', name: 'Alfa' })])
    expect(list.map(t => t.id)).toEqual([...TEMPLATES.map(t => t.id), 'custom-a', 'custom-z'])
    expect(list.find(t => t.id === 'birthday')).toMatchObject({ name: null, subject: { it: 'Auguri {firstName}' }, updatedBy: 'mgr-anna' })
    expect(templateFor('birthday', list).subject.en).toBe('Best wishes {firstName}')
    expect(storeTemplates(null)).toEqual(TEMPLATES)
  })

  it('fills {products} with the products picked', () => {
    expect(fillTemplate(storeTemplate(), 'en', { firstName: 'Ada', products: 'Tessa coat, Nilo scarf' }).body).toBe('Hi Ada, I thought of Tessa coat, Nilo scarf.')
  })

  it.each([
    ['a template written in both languages', storeTemplate(), []],
    ['a built-in one rewritten, which keeps the app\'s name', storeTemplate({ id: 'look', name: null }), []],
    ['the store\'s own without a name', storeTemplate({ name: ' ' }), [{ field: 'name', language: null, kind: 'empty' }]],
    ['an English body left empty', storeTemplate({ body: { it: 'Ciao', en: '' } }), [{ field: 'body', language: 'en', kind: 'empty' }]],
    ['a subject too long', storeTemplate({ subject: { it: 'x'.repeat(161), en: 'ok' } }), [{ field: 'subject', language: 'it', kind: 'too-long' }]],
    ['a misspelt placeholder', storeTemplate({ body: { it: 'Ciao {nome}', en: 'Hi {firstName}' } }), [{ field: 'body', language: 'it', kind: 'unknown-placeholder', placeholder: 'nome' }]],
  ])('finds in %s: %j', (_, template, problems) => {
    expect(templateProblems(template)).toEqual(problems)
  })
})
