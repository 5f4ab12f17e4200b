// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import SyncStatusChip from '../../src/components/sync/SyncStatusChip.vue'
import DeviceResetCard from '../../src/components/device/DeviceResetCard.vue'
import { setLocale } from '../../src/i18n'
import { useSyncStore } from '../../src/stores/sync'

function mountChip() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] })
  return mount(SyncStatusChip, { global: { plugins: [router] } })
}

describe('the sync status chip in the top bar', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('en')
  })

  it('shows offline, the pending changes and the time of the last sync, and links to the device screen', async () => {
    const sync = useSyncStore()
    sync.$patch({ pendingCount: 3, lastSyncedAt: new Date(new Date().setHours(10, 42)).toISOString() })
    window.dispatchEvent(new Event('offline'))
    const chip = mountChip()
    // Not started: the status is 'idle' until the replication runs; the offline dot follows the network.
    expect(chip.attributes('data-state')).toBe('idle')
    expect(chip.text()).toContain('3 changes to send')
    expect(chip.text()).toContain('Data as of 10:42')
    expect(chip.attributes('href')).toBe('/device')
    expect(sync.online).toBe(false)
  })

  it('hides the pending count when nothing waits and says when data was never synced', () => {
    const chip = mountChip()
    expect(chip.find('[data-test="sync-pending"]').exists()).toBe(false)
    expect(chip.text()).toContain('Not synced yet')
  })

  it('shows the date too when the last sync was not today', () => {
    useSyncStore().$patch({ lastSyncedAt: '2025-03-01T09:42:00.000Z' })
    expect(mountChip().text()).toMatch(/Data as of 1 Mar/)
  })
})

describe('resetting the tablet', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('en')
  })

  it('is refused with an explanation while changes are pending', () => {
    const card = mount(DeviceResetCard, { props: { pendingCount: 2, reset: async () => ({ ok: true as const }) } })
    expect(card.find('[data-test="reset-refused"]').text()).toContain('2 changes the server has not received')
    expect(card.find('[data-test="reset-start"]').attributes('disabled')).toBeDefined()
  })

  it('asks for confirmation before resetting, and shows the store\'s refusal if it comes late', async () => {
    let calls = 0
    const card = mount(DeviceResetCard, { props: { pendingCount: 0, reset: async () => {
      calls++
      return { ok: false as const, reason: 'One change arrived meanwhile.' }
    } } })
    await card.find('[data-test="reset-start"]').trigger('click')
    expect(calls).toBe(0)
    await card.find('[data-test="reset-confirm"]').trigger('click')
    await new Promise(resolve => setTimeout(resolve, 0))
    expect(calls).toBe(1)
    expect(card.find('[data-test="reset-refused"]').text()).toBe('One change arrived meanwhile.')
  })
})
