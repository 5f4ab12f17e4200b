// @vitest-environment happy-dom
import type { ClientelingDatabase } from '../../src/db/types'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { setLocale } from '../../src/i18n'
import { useDeviceStore } from '../../src/stores/device'
import { useLookupStore } from '../../src/stores/lookup'
import { RECENT_KEY } from '../../src/stores/recent'
import LookupView from '../../src/views/LookupView.vue'
import { makeCustomer } from '../fixtures/docs'
import { makeStore } from '../fixtures/world'

let db: ClientelingDatabase
const maria = makeCustomer({ id: 'cus-maria', firstName: 'Maria', lastName: 'Rossi', homeStoreId: 'store-a', loyaltyId: 'LOY-11110001' })
const niccolo = makeCustomer({ id: 'cus-niccolo', firstName: 'Niccolò', lastName: 'Ferri', email: 'nf@example.com', phone: '+39 347 000 1234', homeStoreId: 'store-a', loyaltyId: 'LOY-11110002' })

beforeAll(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `lookup-view-${process.pid}-${Date.now()}`, multiInstance: false })
  useDatabase(db)
  await db.stores.insert(makeStore())
  await db.customers.bulkInsert([maria, niccolo])
})

afterAll(async () => {
  useDatabase(null)
  await db.remove()
})

let fetchMock: ReturnType<typeof vi.fn>

beforeEach(() => {
  setLocale('en')
  localStorage.clear()
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true })
  setActivePinia(createPinia())
  useDeviceStore().$patch({ enrollment: { deviceId: 'd', token: 't', storeId: 'store-a', serverUrl: '', name: 'Tablet', enrolledAt: '2025-01-01T00:00:00.000Z' } })
  fetchMock = vi.fn(async () => new Response(JSON.stringify({ customers: [] }), { status: 200 }))
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  useLookupStore().clear()
  vi.unstubAllGlobals()
})

async function mountView() {
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: '/', component: LookupView },
    { path: '/customers/:id', component: { template: '<p>profile</p>' } },
  ] })
  await router.push('/')
  const wrapper = mount(LookupView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('LookupView', () => {
  it('shows the recently served customers while the search box is empty', async () => {
    localStorage.setItem(RECENT_KEY, JSON.stringify([niccolo.id, maria.id]))
    const { wrapper } = await mountView()
    await vi.waitFor(() => expect(wrapper.findAll('[data-test="recent-customer"]')).toHaveLength(2))
    expect(wrapper.find('[data-test="recent-customer"]').attributes('data-customer-id')).toBe(niccolo.id)
    expect(wrapper.find('[data-test="lookup-input"]').attributes('placeholder')).toBe('Name, e-mail, phone or loyalty card')
    wrapper.unmount()
  })

  it('lists this store’s matches as the associate types, with the home store and a half-hidden contact', async () => {
    const { wrapper } = await mountView()
    await wrapper.find('[data-test="lookup-input"]').setValue('nicolo')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(wrapper.findAll('[data-test="lookup-result"]')).toHaveLength(1)
    })
    const row = wrapper.find('[data-test="lookup-result"]')
    expect(row.attributes('data-customer-id')).toBe(niccolo.id)
    expect(row.text()).toContain('Negozio A')
    expect(row.text()).toContain('••• 1234')
    expect(row.text()).not.toContain('347 000 1234')
    wrapper.unmount()
  })

  it('opens the first result on Enter', async () => {
    const { wrapper, router } = await mountView()
    const input = wrapper.find('[data-test="lookup-input"]')
    await input.setValue('ross mar')
    await input.trigger('keydown', { key: 'Enter' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/customers/${maria.id}`))
    wrapper.unmount()
  })

  it('says when nothing matches and that only this store is searched while offline', async () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false })
    window.dispatchEvent(new Event('offline'))
    const { wrapper } = await mountView()
    await wrapper.find('[data-test="lookup-input"]').setValue('zzyzx')
    await vi.waitFor(async () => {
      await flushPromises()
      expect(wrapper.find('[data-test="lookup-no-results"]').exists()).toBe(true)
    })
    expect(wrapper.find('[data-test="online-results"]').text()).toContain('Offline: only this store’s customers')
    expect(fetchMock).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})
