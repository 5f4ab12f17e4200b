// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SyncProgressBar from '../../src/components/sync/SyncProgressBar.vue'
import { progressPercent } from '../../src/domain/sync-status'

const bar = (done: number, total: number | null) => mount(SyncProgressBar, { props: { done, total, label: 'Customers' } })
const width = (wrapper: ReturnType<typeof bar>) => (wrapper.get('.fill').element as HTMLElement).style.width

describe('first-sync progress', () => {
  it('shows the same percentage in the bar as in the text beside it', () => {
    for (const [done, total] of [[966, 1000], [457, 457], [1, 3], [0, 10]] as const) {
      const wrapper = bar(done, total)
      expect(wrapper.get('[role="progressbar"]').attributes('aria-valuenow')).toBe(String(progressPercent(done, total)))
      expect(width(wrapper)).toBe(`${progressPercent(done, total)}%`)
    }
  })

  it('says 100 % only when all of it is there, and for an empty collection', () => {
    expect([progressPercent(457, 457), progressPercent(457, 458), progressPercent(0, 0), progressPercent(3, null)]).toEqual([100, 99, 100, 0])
  })
})
