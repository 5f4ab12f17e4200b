// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import SessionPinPad from '../../src/components/session/SessionPinPad.vue'
import { setLocale } from '../../src/i18n'

function mountPad(props: { disabled?: boolean, busy?: boolean } = {}) {
  const pin = ref('')
  const wrapper = mount(SessionPinPad, {
    attachTo: document.body,
    props: { 'modelValue': pin.value, ...props, 'onUpdate:modelValue': (value: string) => {
      pin.value = value
      void wrapper.setProps({ modelValue: value })
    } },
  })
  return { wrapper, pin }
}

async function tap(wrapper: ReturnType<typeof mountPad>['wrapper'], ...keys: string[]) {
  for (const key of keys) await wrapper.get(`[data-test="pin-${key}"]`).trigger('click')
}

beforeEach(() => {
  setLocale('en')
  document.body.innerHTML = ''
})

describe('the PIN pad', () => {
  it('shows one filled dot per digit tapped and submits with the OK key', async () => {
    const { wrapper, pin } = mountPad()
    await tap(wrapper, 'key-0', 'key-1', 'key-0')
    expect(pin.value).toBe('010')
    expect(wrapper.findAll('.dot.filled')).toHaveLength(3)
    expect(wrapper.get('[data-test="pin-ok"]').attributes('disabled')).toBeDefined()
    await tap(wrapper, 'key-1', 'ok')
    expect(wrapper.emitted('submit')).toEqual([['0101']])
    wrapper.unmount()
  })

  it('deletes the last digit', async () => {
    const { wrapper, pin } = mountPad()
    await tap(wrapper, 'key-4', 'key-2', 'delete')
    expect(pin.value).toBe('4')
    wrapper.unmount()
  })

  it('submits by itself at six digits, the longest PIN there is', async () => {
    const { wrapper, pin } = mountPad()
    await tap(wrapper, 'key-1', 'key-2', 'key-3', 'key-4', 'key-5', 'key-6', 'key-7')
    expect(pin.value).toBe('123456')
    expect(wrapper.emitted('submit')).toEqual([['123456']])
    wrapper.unmount()
  })

  it('works from a keyboard: digits, Backspace and Enter', async () => {
    const { wrapper, pin } = mountPad()
    // One key at a time, as a person types: each press is its own event-loop task.
    for (const key of ['9', '8', 'x', '7', 'Backspace', '7', '6']) {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
      await flushPromises()
    }
    expect(pin.value).toBe('9876')
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(wrapper.emitted('submit')).toEqual([['9876']])
    wrapper.unmount()
  })

  it('ignores every key while the tablet is locked out', async () => {
    const { wrapper, pin } = mountPad({ disabled: true })
    await tap(wrapper, 'key-1')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '2' }))
    expect(pin.value).toBe('')
    expect(wrapper.findAll('button:not([disabled])')).toHaveLength(0)
    wrapper.unmount()
  })
})
