import { describe, expect, it, vi } from 'vitest'
import { quietRxdbAdvert } from '../../src/db/quiet-console'

describe('the tablet\'s console', () => {
  it('drops RxDB\'s advert for its paid storages and lets every other warning through', () => {
    const warn = vi.fn()
    const target = { warn }
    quietRxdbAdvert(target)
    target.warn('-------------- RxDB Open Core RxStorage -------------------------------\nYou are using the free Dexie.js based RxStorage')
    target.warn('Profile views not sent yet', new Error('offline'))
    expect(warn.mock.calls).toEqual([['Profile views not sent yet', new Error('offline')]])
  })
})
