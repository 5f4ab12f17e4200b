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
})
