// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import VisitHeader from '../../src/components/visit/VisitHeader.vue'
import { endLeavesBasket, endOutcomes } from '../../src/domain/visit-end'
import { setLocale } from '../../src/i18n'
import { makeVisit } from '../fixtures/docs'

const basket = (count: number, totalMinor = count * 35_000) => ({ count, totalMinor, currency: 'EUR' })

function mountHeader(count: number, orderId: string | null = null) {
  return mount(VisitHeader, { props: { visit: makeVisit({ outcome: 'open', orderId }), customerName: 'Niccolò Bianchi', busy: false, basket: basket(count) } })
}

beforeEach(() => setLocale('en'))

describe('how a visit may end', () => {
  it('is a purchase only when a sale was placed in it', () => {
    expect(endOutcomes({ orderId: 'ord-1', basketCount: 0 })).toEqual(['purchase'])
    expect(endOutcomes({ orderId: null, basketCount: 2 })).toEqual(['no_purchase', 'follow_up'])
  })

  it('asks before ending without a sale while the basket holds items', () => {
    expect(endLeavesBasket({ orderId: null, basketCount: 2 }, 'no_purchase')).toBe(true)
    expect(endLeavesBasket({ orderId: null, basketCount: 0 }, 'no_purchase')).toBe(false)
    expect(endLeavesBasket({ orderId: 'ord-1', basketCount: 0 }, 'purchase')).toBe(false)
  })
})

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
