// @vitest-environment happy-dom
import type { Rejection } from '../../src/models/rejection'
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import SyncRejections from '../../src/components/sync/SyncRejections.vue'
import { setLocale } from '../../src/i18n'

const refusedSale = (code: string, message: string): Rejection => ({ collection: 'orders', id: '01JNORDER00000000000000000', code, message, at: '2026-11-22T10:00:00.000Z' })

describe('a sale the server refused, in the list of refused changes', () => {
  afterEach(() => setLocale('en'))

  it('says in the associate\'s language which rule the sale broke, then the server\'s sentence naming the line', () => {
    const message = 'The price on line 1 (Leather loafer, SKU-A) is €10.00, but the catalogue price is €180.00, and no other price was in force in the 24 hours before the sale.'
    setLocale('it')
    const row = mount(SyncRejections, { props: { rejections: [refusedSale('wrong-price', message)] } }).find('[data-test="sync-rejection"]')
    expect(row.find('.what').text()).toContain('Vendita')
    expect(row.find('.why').text()).toBe('Un prezzo della vendita non è quello del catalogo.')
    expect(row.find('.server').text()).toBe(`Server: ${message}`)
  })

  it.each([
    ['unknown-sku', 'A product of the sale is not in the catalogue.'],
    ['discount-not-approved', 'A discount was not approved by a manager of this store.'],
    ['unknown-discount-reason', 'A discount gives a reason that is not one of management\'s.'],
    ['wrong-vat-rate', 'The VAT rate is not this store\'s.'],
    ['wrong-currency', 'The currency is not this store\'s.'],
  ])('explains %s', (code, why) => {
    setLocale('en')
    const view = mount(SyncRejections, { props: { rejections: [refusedSale(code, 'x')] } })
    expect(view.find('.why').text()).toBe(why)
  })
})
