// @vitest-environment happy-dom
import type { InteractionDoc, ProductDoc } from '../../src/shared/types'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { composeProfile } from '../../src/models/profile'
import { setLocale } from '../../src/i18n'
import { useCustomerStore } from '../../src/stores/customer'
import { useCustomerAppointmentsStore } from '../../src/stores/customer-appointments'
import { useSyncStore } from '../../src/stores/sync'
import CustomerView from '../../src/views/CustomerView.vue'
import { CUSTOMER_ID, makeCart, makeConsent, makeCustomer, makeInteraction, makeItem, makeOrder, makeVisit, STORE_ID, T0 } from '../fixtures/docs'
import { makeStore } from '../fixtures/world'

const product = (sku: string, name: string, priceMinor: number): ProductDoc => ({
  id: sku, updatedAt: T0, sku, name, brand: 'Passo Lieve', category: 'shoes', priceMinor, currency: 'EUR',
  sizes: ['38'], colours: ['Nero'], barcodes: [], imageUrl: `/products/${sku}.svg`, url: '',
})

function fixtureProfile(overrides: { empty?: boolean, more?: InteractionDoc[], orderCount?: number } = {}) {
  const items = overrides.empty ? [] : undefined
  return composeProfile({
    customer: makeCustomer({ lifetimeValueMinor: 1_250_500, orderCount: overrides.orderCount, consents: { email: makeConsent(), sms: makeConsent({ granted: false }) } }),
    cart: makeCart({ items: items ?? [makeItem({ sku: 'SKU-A', size: '38', qty: 2 }), makeItem({ sku: 'SKU-X', size: '' })] }),
    wishlist: makeCart({ items: items ?? [makeItem({ sku: 'SKU-B', channel: 'app' })] }),
    orders: overrides.empty ? [] : [makeOrder({ id: 'ord-1' }), makeOrder({ id: 'ord-2', channel: 'web', storeId: null, placedAt: '2025-04-01T10:00:00.000Z' })],
    visits: overrides.empty ? [] : [makeVisit({ customerId: CUSTOMER_ID, outcome: 'follow_up' })],
    interactions: overrides.empty ? [] : [makeInteraction({ type: 'note', sku: null, text: 'Ama i colori scuri' }), ...overrides.more ?? []],
    products: [product('SKU-A', 'Mocassino Capri', 62_525), product('SKU-B', 'Borsa a spalla', 30_000)],
    stores: [makeStore({ id: STORE_ID, name: 'Milano Duomo' })],
    associates: [],
  })!
}

async function render(profile = fixtureProfile()) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
  const store = useCustomerStore()
  // The view's data comes from the store; here the store holds a fixture instead of a database.
  store.open = async () => {
    store.profile = profile
    store.localStatus = 'ready'
  }
  // No appointments database here either.
  useCustomerAppointmentsStore().follow = () => {}
  const wrapper = mount(CustomerView, { props: { id: CUSTOMER_ID }, global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

const text = (s: string) => s.replace(/\s+/g, ' ')

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setLocale('it'))

describe('the customer view', () => {
  it('shows the header, cart, wishlist and recent purchases in Italian with euro amounts', async () => {
    setLocale('it')
    const wrapper = await render()
    expect(wrapper.get('[data-test="customer-name"]').text()).toBe('Maria Rossi')
    expect(text(wrapper.get('[data-test="customer-ltv"]').text())).toBe('12.505,00 €')
    expect(wrapper.text()).toContain('Carrello online')
    expect(wrapper.findAll('[data-test="cart-item"]').map(w => w.attributes('data-sku'))).toEqual(['SKU-A', 'SKU-X'])
    expect(wrapper.get('[data-sku="SKU-A"]').text()).toContain('Mocassino Capri')
    expect(wrapper.get('[data-sku="SKU-A"] img').attributes()).toMatchObject({ alt: 'Mocassino Capri', loading: 'lazy', src: '/products/SKU-A.svg' })
    // The unknown sku stays visible, by its code, and out of the total.
    expect(wrapper.get('[data-sku="SKU-X"]').text()).toContain('Articolo SKU-X')
    // Italian groups thousands only from five digits on.
    expect(text(wrapper.get('[data-test="cart-total"]').text())).toBe('1250,50 €')
    expect(wrapper.get('[data-test="wishlist-item"]').text()).toContain('App')
    expect(wrapper.findAll('[data-test="order"]').map(w => w.attributes('data-order-id'))).toEqual(['ord-2', 'ord-1'])
  })

  it('shows the same profile in English, with history, visits and consents behind their tabs', async () => {
    setLocale('en')
    const wrapper = await render()
    expect(wrapper.text()).toContain('Online cart')
    expect(text(wrapper.get('[data-test="customer-ltv"]').text())).toBe('€12,505.00')

    await wrapper.get('[data-test="tab-orders"]').trigger('click')
    expect(wrapper.text()).toContain('Purchase history')
    expect(wrapper.get('[data-order-id="ord-1"] [data-test="receipt-status"]').text()).toBe('Receipt being sent')

    await wrapper.get('[data-test="tab-visits"]').trigger('click')
    expect(wrapper.get('[data-test="visit"]').text()).toContain('Ama i colori scuri')
    expect(wrapper.get('[data-test="visit"]').text()).toContain('Follow-up')

    await wrapper.get('[data-test="tab-details"]').trigger('click')
    expect(wrapper.get('[data-test="consent-email"]').text()).toContain('Granted')
    expect(wrapper.get('[data-test="consent-sms"]').text()).toContain('Withdrawn')
    expect(wrapper.get('[data-test="consent-post"]').text()).toContain('Not asked')
    expect(wrapper.findAll('[data-test="customer-tag"]').map(w => w.text())).toEqual(['#vip', '#regular'])
  })

  it('shows an empty state for each section of a new customer', async () => {
    setLocale('en')
    const wrapper = await render(fixtureProfile({ empty: true }))
    expect(wrapper.text()).toContain('The cart is empty.')
    expect(wrapper.text()).toContain('Nothing on the wishlist yet.')
    expect(wrapper.text()).toContain('No purchases yet.')
    await wrapper.get('[data-test="tab-visits"]').trigger('click')
    expect(wrapper.text()).toContain('No visits recorded yet.')
  })

  it('tells the associate when the customer is not on this tablet', async () => {
    setLocale('en')
    const store = useCustomerStore()
    // Every customer of the store is on this tablet: one not in its database is not found.
    useSyncStore().$patch({ initialDone: true })
    store.open = async () => {
      store.localStatus = 'not-found'
    }
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
    // No appointments database here either.
    useCustomerAppointmentsStore().follow = () => {}
    const wrapper = mount(CustomerView, { props: { id: 'cus-nobody' }, global: { plugins: [router] } })
    await flushPromises()
    expect(wrapper.get('[data-test="customer-not-found"]').text()).toContain('This customer is not on this tablet.')
  })

  it('shows the notes other touchpoints added, with their source, apart from the store\'s own', async () => {
    const base = fixtureProfile()
    const fromCentre = makeInteraction({ id: 'int-cc', visitId: 'touchpoint', type: 'note', sku: null, text: 'Ha chiamato per il vestito blu', source: 'contact-centre', shared: true })
    const wrapper = await render({ ...base, touchpointNotes: [fromCentre] })
    const notes = wrapper.findAll('[data-test="touchpoint-note"]')
    expect(notes.map(n => [n.attributes('data-source'), n.text()])).toEqual([['contact-centre', expect.stringMatching(/Servizio clienti.*Ha chiamato per il vestito blu/s)]])
    expect(wrapper.text()).not.toMatch(/Note dagli altri canali.*Ama i colori scuri/s)
    expect(fixtureProfile().touchpointNotes).toEqual([])
  })

  it('lists a note from another touchpoint apart, not as a visit of its own', () => {
    const fromCentre = makeInteraction({ id: 'int-cc', visitId: 'touchpoint', type: 'note', sku: null, text: 'Ha chiamato', source: 'contact-centre', shared: true })
    const profile = fixtureProfile({ more: [fromCentre] })
    expect(profile.touchpointNotes.map(n => n.id)).toEqual(['int-cc'])
    expect(profile.visits.map(v => v.id)).toEqual(fixtureProfile().visits.map(v => v.id))
    expect(profile.visits.flatMap(v => v.interactions.map(i => i.id))).not.toContain('int-cc')
  })

  it('counts every purchase the server counted, and says how many older ones are on the server only', async () => {
    const wrapper = await render(fixtureProfile({ orderCount: 5 }))
    expect(text(wrapper.get('[data-test="customer-ltv"]').element.parentElement!.textContent!)).toContain('5 acquisti')
    await wrapper.get('[data-test="tab-orders"]').trigger('click')
    expect(wrapper.get('[data-test="orders-older"]').text()).toBe('3 acquisti più vecchi sono conservati solo sul server.')
    // Without the server's count (a profile it has not counted yet), the tablet's own.
    expect(fixtureProfile().orderCount).toBe(2)
  })
})
