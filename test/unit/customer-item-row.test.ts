// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import CustomerItemRow from '../../src/components/customer/CustomerItemRow.vue'
import { setLocale } from '../../src/i18n'
import { makeItem, makeProduct } from '../fixtures/docs'

const product = makeProduct({ sku: 'SKU-000010', name: 'Cappotto doppiopetto Navigli in lana e cashmere' })

beforeEach(() => setLocale('en'))

describe('removing an item from the customer\'s own list', () => {
  it('names the product in the question the associate asks the customer, and removes only once they agree', async () => {
    const row = mount(CustomerItemRow, { props: { item: { ...makeItem({ sku: product.sku }), product, addedByName: null }, kind: 'cart', removable: true } })
    await row.get('[data-test="item-remove"]').trigger('click')
    expect(row.get('[data-test="item-remove-question"]').text()).toContain('Remove “Cappotto doppiopetto Navigli in lana e cashmere” from the customer’s online cart?')
    expect(row.emitted('remove')).toBeUndefined()
    await row.get('[data-test="item-remove-confirm"]').trigger('click')
    expect(row.emitted('remove')).toHaveLength(1)
  })
})
