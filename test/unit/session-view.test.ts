// @vitest-environment happy-dom
/* eslint-disable vue/one-component-per-file -- a route stub and an app shell for the test */
import type { ClientelingDatabase } from '../../src/db/types'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { safeRedirect, useLockRedirect } from '../../src/components/session/useLockRedirect'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { setLocale } from '../../src/i18n'
import { useDeviceStore } from '../../src/stores/device'
import { useSessionStore } from '../../src/stores/session'
import SignInView from '../../src/views/SignInView.vue'
import { credentials } from '../fixtures/pins'
import { makeAssociate } from '../fixtures/world'

let db: ClientelingDatabase

beforeAll(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `session-view-${process.pid}-${Date.now()}`, multiInstance: false })
  useDatabase(db)
  await db.associates.bulkInsert([
    makeAssociate({ id: 'assoc-a1', displayName: 'Giulia Bianchi', staffCode: 'A01', ...await credentials('0101') }),
    makeAssociate({ id: 'assoc-a2', displayName: 'Marco Neri', staffCode: 'A02', role: 'manager', ...await credentials('0202') }),
  ])
})

afterAll(async () => {
  useDatabase(null)
  await db.remove()
})

beforeEach(() => {
  setLocale('en')
  localStorage.clear()
  document.body.innerHTML = ''
  setActivePinia(createPinia())
  useDeviceStore().$patch({ enrollment: { deviceId: 'dev-1', token: 'tok-1', storeId: 'store-a', serverUrl: '', name: 'Tablet 1', enrolledAt: '2026-01-01T00:00:00.000Z' } })
})

const Customer = defineComponent({ props: { id: { type: String, required: true } }, setup: props => () => h('p', { 'data-test': 'customer' }, props.id) })
const Shell = defineComponent({
  setup() {
    useLockRedirect()
    return () => h(RouterView)
  },
})

async function mountApp(start: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/lock', name: 'lock', component: SignInView },
      { path: '/', name: 'lookup', component: { render: () => h('p', 'lookup') }, meta: { auth: true } },
      { path: '/customers/:id', name: 'customer', component: Customer, props: true, meta: { auth: true } },
    ],
  })
  await router.push(start)
  const wrapper = mount(Shell, { attachTo: document.body, global: { plugins: [router] } })
  await router.isReady()
  await vi.waitFor(() => expect(wrapper.find('[data-test="associate-A01"]').exists()).toBe(true))
  return { wrapper, router }
}

async function enter(wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper'], pin: string) {
  for (const d of pin) await wrapper.get(`[data-test="pin-key-${d}"]`).trigger('click')
  await wrapper.get('[data-test="pin-ok"]').trigger('click')
}

describe('the lock screen', () => {
  it('lists the team, managers first, with a Manager badge', async () => {
    const { wrapper } = await mountApp('/lock')
    const tiles = wrapper.findAll('[data-test^="associate-A"]')
    expect(tiles.map(t => t.attributes('data-test'))).toEqual(['associate-A02', 'associate-A01'])
    expect(tiles[0]!.text()).toContain('Manager')
    wrapper.unmount()
  })

  it('says how many attempts are left after a wrong PIN', async () => {
    const { wrapper } = await mountApp('/lock')
    await wrapper.get('[data-test="associate-A01"]').trigger('click')
    await enter(wrapper, '9999')
    await vi.waitFor(() => expect(wrapper.find('[data-test="pin-error"]').text()).toBe('Wrong PIN, 4 attempts left'))
    expect(wrapper.findAll('.dot.filled')).toHaveLength(0)
    wrapper.unmount()
  })

  it('locks the tablet for 5 minutes after five wrong PINs and disables the pad', async () => {
    const { wrapper } = await mountApp('/lock')
    await wrapper.get('[data-test="associate-A01"]').trigger('click')
    const session = useSessionStore()
    for (let i = 1; i <= 5; i++) {
      await enter(wrapper, '1111')
      await vi.waitFor(() => expect(i < 5 ? session.failedAttempts : session.lockState).toBe(i < 5 ? i : 'lockedOut'))
      await flushPromises()
    }
    await vi.waitFor(() => expect(wrapper.find('[data-test="lockout"]').exists()).toBe(true))
    expect(wrapper.get('[data-test="lockout"]').text()).toContain('This tablet is locked for 5 minutes')
    expect(wrapper.get('[data-test="lockout-countdown"]').text()).toMatch(/^[45]:\d\d$/)
    expect(wrapper.get('[data-test="pin-key-1"]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('finds an associate by typed staff code', async () => {
    const { wrapper } = await mountApp('/lock')
    await wrapper.get('[data-test="type-staff-code"]').trigger('click')
    await wrapper.get('[data-test="staff-code"]').setValue('zz9')
    await wrapper.get('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[data-test="staff-code-error"]').text()).toContain('ZZ9'))
    await wrapper.get('[data-test="staff-code"]').setValue('a02')
    await wrapper.get('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[data-test="pin-associate"]').text()).toBe('Marco Neri'))
    wrapper.unmount()
  })

  it('after the right PIN goes back to where the associate was, and locking returns here', async () => {
    const { wrapper, router } = await mountApp('/lock?redirect=/customers/cus-alice')
    await wrapper.get('[data-test="associate-A02"]').trigger('click')
    await enter(wrapper, '0202')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/customers/cus-alice'))
    useSessionStore().lock()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/lock?redirect=/customers/cus-alice'))
    wrapper.unmount()
  })
})

describe('where sign-in may lead', () => {
  it.each([
    ['/customers/c1?tab=cart', '/customers/c1?tab=cart'],
    [undefined, '/'],
    ['//evil.example/x', '/'],
    ['https://evil.example', '/'],
    ['/lock', '/'],
  ])('%j leads to %j', (redirect, path) => {
    expect(safeRedirect(redirect)).toBe(path)
  })
})
