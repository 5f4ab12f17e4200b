// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import VisitHeader from '../../src/components/visit/VisitHeader.vue'
import { setLocale } from '../../src/i18n'
import { makeVisit } from '../fixtures/docs'

const basket = (count: number, totalMinor = count * 35_000) => ({ count, totalMinor, currency: 'EUR' })

function mountHeader(count: number) {
  return mount(VisitHeader, { props: { visit: makeVisit({ outcome: 'open', orderId: null }), customerName: 'Niccolò Bianchi', busy: false, basket: basket(count) } })
}

beforeEach(() => setLocale('en'))

describe('the visit\'s end question', () => {
  it('offers no "Purchase" for a visit without a sale, and says how to record one', async () => {
    const header = mountHeader(0)
    await header.get('[data-test="end-visit"]').trigger('click')
    expect(header.find('[data-test="outcome-purchase"]').exists()).toBe(false)
    expect(header.get('[data-test="end-no-sale-hint"]').text()).toContain('checkout')
    await header.get('[data-test="outcome-no_purchase"]').trigger('click')
    expect(header.emitted('end')).toEqual([['no_purchase']])
  })

  it('names the unsold basket before ending as "No purchase", and offers the checkout', async () => {
    const header = mountHeader(2)
    await header.get('[data-test="end-visit"]').trigger('click')
    await header.get('[data-test="outcome-no_purchase"]').trigger('click')
    expect(header.emitted('end')).toBeUndefined()
    expect(header.get('[data-test="end-basket-question"]').text()).toMatch(/2 pieces \(€\s?700\.00\) not sold/)
    await header.get('[data-test="end-go-checkout"]').trigger('click')
    expect(header.emitted('checkout')).toHaveLength(1)
    await header.get('[data-test="end-without-sale"]').trigger('click')
    expect(header.emitted('end')).toEqual([['no_purchase']])
  })
})
