// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import CustomerContact from '../../src/components/customer/CustomerContact.vue'
import { setLocale } from '../../src/i18n'
import { maskEmail, maskPhone } from '../../src/shared/mask'
import { makeCustomer } from '../fixtures/docs'

beforeEach(() => setLocale('en'))

describe('masked contacts', () => {
  it('have one format, showing less of another store\'s customer', () => {
    expect(maskPhone('+39 333 120 0144')).toBe('••• 0144')
    expect(maskPhone('+39 333 120 0414', 3)).toBe('••• 414')
    expect([maskEmail('maria.rossi@example.com'), maskEmail('maria.rossi@example.com', 1)]).toEqual(['mar•••@example.com', 'm•••@example.com'])
    expect([maskPhone(null), maskEmail(null)]).toEqual(['', ''])
  })
})

describe('the contact card', () => {
  it('separates a phone number from "no consent" with a space', () => {
    const card = mount(CustomerContact, { props: { customer: makeCustomer({ phone: '+39 333 123 4567', consents: {} }), storeNames: {} } })
    expect(card.get('[data-test="customer-contact"]').text()).toContain('+39 333 123 4567 · no consent to be contacted')
  })
  it('lists the contacts a merge kept beside the profile\'s own, saying where they came from', () => {
    const otherContacts = [{ kind: 'email' as const, value: 'maria.rossi@work.example', fromCustomerId: 'store-1', addedAt: '2026-11-22T12:00:00.000Z' }]
    const card = mount(CustomerContact, { props: { customer: makeCustomer({ otherContacts }), storeNames: {} } })
    expect(card.findAll('[data-test="other-contact"]').map(li => li.text())).toEqual(['maria.rossi@work.example · e-mail of a duplicate profile merged on 22 Nov 2026'])
    expect(mount(CustomerContact, { props: { customer: makeCustomer(), storeNames: {} } }).find('[data-test="other-contacts"]').exists()).toBe(false)
  })
})
