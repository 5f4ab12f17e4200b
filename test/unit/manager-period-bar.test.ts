// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import ManagerPeriodBar from '../../src/components/manager/ManagerPeriodBar.vue'
import { setLocale } from '../../src/i18n'
import { useManagerDashboardStore } from '../../src/stores/manager-dashboard'

function mountBar(props: { canExport?: boolean } = {}) {
  return mount(ManagerPeriodBar, { props: { exportLabel: 'Export CSV', exportTest: 'some-export', ...props } })
}

describe('the manager\'s period bar (dashboard and visit list)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setLocale('en')
  })

  it('reloads the store\'s figures for the period picked, and shows it picked', async () => {
    const dashboard = useManagerDashboardStore()
    const loaded: unknown[] = []
    dashboard.$onAction(({ name, args }) => {
      if (name === 'load')
        loaded.push(args[0])
    })
    const bar = mountBar()
    await bar.find('[data-test="period-week"]').trigger('click')
    expect(loaded).toEqual(['week'])
    expect(dashboard.preset).toBe('week')
    expect(bar.find('[data-test="period-week"]').attributes('aria-pressed')).toBe('true')
  })

  it('asks for the export when pressed, and not while there is nothing to export', async () => {
    const bar = mountBar()
    await bar.find('[data-test="some-export"]').trigger('click')
    expect(bar.emitted('export')).toHaveLength(1)

    const empty = mountBar({ canExport: false })
    expect(empty.find('[data-test="some-export"]').attributes('disabled')).toBeDefined()
    expect(empty.find('[data-test="some-export"]').text()).toBe('Export CSV')
  })
})
