import type { SyncProblem } from '../../src/domain/problems'
import type { SyncState } from '../../src/domain/sync-status'
import { describe, expect, it } from 'vitest'
import { backgroundProgress, downloadProgress, overallProgress, syncError, syncStatus } from '../../src/domain/sync-status'

const state = (overrides: Partial<SyncState> = {}): SyncState => ({
  error: null,
  running: true,
  initialDone: true,
  online: true,
  active: false,
  pendingCount: 0,
  live: true,
  ...overrides,
})

const problem = (kind: SyncProblem['kind'], code = kind): SyncProblem => ({ kind, code, message: `${kind} happened` })

describe('the sync status the associate sees', () => {
  it.each([
    ['error', state({ error: { kind: 'server', code: 'x', message: '' }, running: false })],
    ['idle', state({ running: false })],
    ['initial', state({ initialDone: false, online: false })],
    ['initial', state({ initialDone: false, signInReady: false })],
    ['background', state({ initialDone: false, signInReady: true, pendingCount: 2 })],
    ['offline', state({ initialDone: false, signInReady: true, online: false })],
    ['offline', state({ online: false, pendingCount: 3 })],
    ['syncing', state({ pendingCount: 1 })],
    ['syncing', state({ active: true })],
    ['syncing', state({ live: false })],
    ['live', state()],
  ] as const)('is %s for %j', (expected, s) => {
    expect(syncStatus(s)).toBe(expected)
  })

  it('shows a revoked device before anything else, then a full disk before a refused change or a server error', () => {
    const problems = { 'push:visits': problem('server'), 'storage': problem('storage-full'), 'push:orders': problem('rejected') }
    expect(syncError('device-revoked', problems)).toEqual({ kind: 'auth', code: 'device-revoked', message: '' })
    expect(syncError(null, problems)?.kind).toBe('storage-full')
    expect(syncError(null, { 'push:visits': problem('server'), 'push:orders': problem('rejected') })?.kind).toBe('rejected')
    expect(syncError(null, {})).toBeNull()
  })
})

describe('the first download\'s progress', () => {
  it('caps each collection at the server\'s count and has no overall total until every count is known', () => {
    const progress = downloadProgress({ customers: 10, carts: 10 }, { customers: 12, carts: 4, stores: 3 })
    expect(progress.customers).toEqual({ done: 10, total: 10 })
    expect(progress.carts).toEqual({ done: 4, total: 10 })
    expect(progress.stores).toEqual({ done: 3, total: null })
    expect(overallProgress(progress).total).toBeNull()
    const known = downloadProgress(Object.fromEntries(Object.keys(progress).map(c => [c, 2])), { customers: 1 })
    expect(overallProgress(known)).toEqual({ done: 1, total: 2 * Object.keys(progress).length })
  })

  it('says, while the download goes on behind the associate, which stage is coming and how far it is', () => {
    const progress = downloadProgress({ carts: 100, wishlists: 100, outreach: 0, orders: 300, visits: 100, interactions: 100 }, { carts: 100, wishlists: 20 })
    expect(backgroundProgress(progress, 2)).toEqual({ label: 'lists', percent: 60 })
    // Signed in after the staff arrived: the customers are what is coming first.
    expect(backgroundProgress(downloadProgress({ customers: 400 }, { customers: 100 }), 1)).toEqual({ label: 'customers', percent: 25 })
    expect(backgroundProgress(downloadProgress({ customers: 400 }, { customers: 100 }), 0)).toEqual({ label: 'customers', percent: 25 })
    expect(backgroundProgress(downloadProgress({ orders: 300, visits: 100, interactions: 100 }, { orders: 310, visits: 0 }), 3)).toEqual({ label: 'history', percent: 60 })
    expect(backgroundProgress(downloadProgress({}, {}), 3)).toEqual({ label: 'history', percent: 0 })
  })
})
