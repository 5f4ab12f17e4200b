// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { queuedViews, queueView } from '../../src/api/audit-views'
import { readJson, writeJson } from '../../src/platform/local-settings'

afterEach(() => localStorage.clear())

describe('small device settings in localStorage', () => {
  it.each([
    ['a settings object takes defaults for keys it lacks', { a: 1, b: 2 }, { a: 5 }, { a: 5, b: 2 }],
    ['a list comes back as the list it was', [] as unknown[], [1, 2], [1, 2]],
    ['a list where an object is expected is not trusted', { a: 1 }, [1], { a: 1 }],
    ['a null where an object is expected is not trusted', { a: 1 }, null, { a: 1 }],
    ['an object where a list is expected is not trusted', [] as unknown[], { a: 1 }, []],
  ])('%s', (_, fallback, stored, expected) => {
    writeJson('k', stored)
    expect(readJson('k', fallback)).toEqual(expected)
  })

  it('keeps every queued profile view, in order', () => {
    queueView('cus-1', 'assoc-1')
    queueView('cus-2', 'assoc-1')
    expect(queuedViews().map(v => v.customerId)).toEqual(['cus-1', 'cus-2'])
  })
})
