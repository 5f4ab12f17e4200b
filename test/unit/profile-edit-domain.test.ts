import type { ProfileDraft } from '../../src/domain/profile-edit'
import { describe, expect, it } from 'vitest'
import { applyDraft, CONSENT_TEXT_VERSION, draftFrom, rebaseDraft, validateDraft } from '../../src/domain/profile-edit'
import { makeConsent, makeCustomer, makePreferences } from '../fixtures/docs'

const ctx = { associateId: 'assoc-mi-02', storeId: 'store-milano-duomo', now: '2026-11-22T10:00:00.000Z' }
const customer = makeCustomer({
  phone: '+39 333 000 0000',
  preferences: makePreferences({ sizes: { shoes: '38' }, brands: ['Passo Lieve'] }),
  tags: ['vip'],
  consents: { email: makeConsent({ granted: true }), sms: makeConsent({ granted: true }) },
})
const base = draftFrom(customer)
const edit = (change: Partial<ProfileDraft>): ProfileDraft => ({ ...base, ...change })

describe('applying an in-store edit to the customer as the database holds it now', () => {
  it('changes only what the associate changed, keeping a phone changed on the web meanwhile', () => {
    const onWeb = { ...customer, phone: '+39 347 111 2222', phoneKey: '3471112222' }
    const next = applyDraft(onWeb, base, edit({ sizes: { shoes: '39' } }), ctx)
    expect(next.phone).toBe('+39 347 111 2222')
    expect(next.preferences.sizes).toEqual({ shoes: '39' })
    expect(next.updatedAt).toBe(ctx.now)
  })

  it('adds and removes tags and brands against the current lists, not replacing them', () => {
    const elsewhere = { ...customer, tags: ['vip', 'from-roma'], preferences: { ...customer.preferences, brands: ['Passo Lieve', 'Other'] } }
    const next = applyDraft(elsewhere, base, edit({ tags: ['sposa'], brands: ['Passo Lieve', 'Nuova'] }), ctx)
    expect(next.tags.sort()).toEqual(['from-roma', 'sposa'])
    expect(next.preferences.brands.sort()).toEqual(['Nuova', 'Other', 'Passo Lieve'])
  })

  it('records a switched consent with who, when, where and the text version', () => {
    const next = applyDraft(customer, base, edit({ consents: { email: true, sms: false } }), ctx)
    expect(next.consents.sms).toEqual({ granted: false, capturedAt: ctx.now, capturedBy: ctx.associateId, source: ctx.storeId, textVersion: CONSENT_TEXT_VERSION })
    expect(next.consents.email).toEqual(customer.consents.email)
  })

  it('recomputes the search keys when contacts change', () => {
    const next = applyDraft(customer, base, edit({ email: ' Nuova.Mail@Example.com ', phone: '+39 340 123 4567' }), ctx)
    expect([next.email, next.emailKey, next.phoneKey]).toEqual(['Nuova.Mail@Example.com', 'nuova.mail@example.com', '3401234567'])
  })

  it('returns the customer untouched when nothing changed', () => {
    expect(applyDraft(customer, base, edit({}), ctx)).toBe(customer)
  })
})

describe('a change that replicates in while the form is open', () => {
  it('updates untouched fields and keeps the ones the associate is editing', () => {
    const draft = edit({ tags: ['vip', 'sposa'] })
    const master = draftFrom({ ...customer, phone: '+39 347 111 2222', tags: ['vip', 'web-tag'] })
    const rebased = rebaseDraft(base, draft, master)
    expect(rebased.phone).toBe('+39 347 111 2222')
    // A list is a set: the web's new tag shows beside the one the associate is adding, as the save will store them.
    expect(rebased.tags).toEqual(['vip', 'web-tag', 'sposa'])
  })

  it('keeps a size the associate set and takes the other sizes as they now are', () => {
    const draft = edit({ sizes: { ...base.sizes, shoes: '40' } })
    const master = draftFrom({ ...customer, preferences: { ...customer.preferences, sizes: { shoes: '39', coats: '46' } } })
    expect(rebaseDraft(base, draft, master).sizes).toEqual({ shoes: '40', coats: '46' })
  })
})

describe('what an associate is told before saving', () => {
  it.each([
    ['an empty first name', { firstName: ' ' }, { firstName: 'first-name' }],
    ['a malformed e-mail', { email: 'maria@' }, { email: 'email' }],
    ['a phone with letters', { phone: '333-CALLME' }, { phone: 'phone' }],
    ['a phone too short', { phone: '123' }, { phone: 'phone' }],
    ['e-mail consent without an e-mail', { email: '', consents: { email: true } }, { consents: 'consent-email' }],
    ['SMS consent without a phone', { phone: '', consents: { sms: true } }, { consents: 'consent-phone' }],
    ['a valid edit', { phone: '+39 (02) 1234-5678' }, {}],
  ] as const)('%s', (_name, change, expected) => {
    expect(validateDraft(edit(change as Partial<ProfileDraft>))).toEqual(expected)
  })
})
