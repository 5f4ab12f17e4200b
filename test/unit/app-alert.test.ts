// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AppAlert from '../../src/components/app/AppAlert.vue'

describe('a message in a coloured band', () => {
  it('announces an error at once, and a warning or a note politely', () => {
    const error = mount(AppAlert, { props: { kind: 'error' }, slots: { default: 'The sale was not saved.' } })
    expect(error.element.tagName).toBe('P')
    expect(error.attributes()).toMatchObject({ class: 'alert alert-error', role: 'alert' })
    expect(error.text()).toBe('The sale was not saved.')
    expect(mount(AppAlert, { props: { kind: 'warn' } }).attributes('role')).toBe('status')
    expect(mount(AppAlert, { props: { kind: 'info', tag: 'span' } }).element.tagName).toBe('SPAN')
  })

  it('keeps what its caller says: a role of its own, its classes and data-test', () => {
    const warning = mount(AppAlert, { props: { kind: 'warn' }, attrs: { 'role': 'alert', 'class': 'wide', 'data-test': 'due' } })
    expect(warning.attributes()).toMatchObject({ 'role': 'alert', 'class': 'alert alert-warn wide', 'data-test': 'due' })
  })
})
