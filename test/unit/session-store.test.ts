// @vitest-environment happy-dom
import type { ClientelingDatabase } from '../../src/db/types'
import type { AssociateDoc } from '../../src/shared/types'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { wrapBookKey } from '../../src/shared/book-key'
import { hashPin } from '../../sync-server/auth/pin'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { INACTIVITY_KEY, LOCKOUT_KEY, useSessionStore } from '../../src/stores/session'
import { useDeviceStore } from '../../src/stores/device'
import { makeAssociate, TEST_BOOK_KEY } from '../fixtures/world'

let db: ClientelingDatabase
let giulia: AssociateDoc
let marco: AssociateDoc
let anna: AssociateDoc

beforeAll(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `session-store-${process.pid}-${Date.now()}`, multiInstance: false })
  useDatabase(db)
  // The PIN hash and the wrap of the book key, as the server writes them.
  const pin = (p: string) => hashPin(p, { iterations: 100_000 })
  const bookKey = (p: string) => wrapBookKey(TEST_BOOK_KEY, 'bk-test', p, 100_000)
  giulia = makeAssociate({ id: 'assoc-a1', displayName: 'Giulia Bianchi', staffCode: 'A01', pin: await pin('0101'), bookKey: await bookKey('0101') })
  marco = makeAssociate({ id: 'assoc-a2', displayName: 'Marco Neri', staffCode: 'A02', role: 'manager', pin: await pin('0202'), bookKey: await bookKey('0202') })
  anna = makeAssociate({ id: 'assoc-a3', displayName: 'Anna Verdi', staffCode: 'A03', pin: await pin('0303'), bookKey: await bookKey('0303'), active: false })
  const other = makeAssociate({ id: 'assoc-b1', storeId: 'store-b', displayName: 'Bruno Blu', staffCode: 'B01', pin: await pin('0101'), bookKey: await bookKey('0101') })
  await db.associates.bulkInsert([giulia, marco, anna, other])
})

afterAll(async () => {
  useDatabase(null)
  await db.remove()
})

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  useDeviceStore().$patch({ enrollment: { deviceId: 'dev-1', token: 'tok-1', storeId: 'store-a', serverUrl: '', name: 'Tablet 1', enrolledAt: '2026-01-01T00:00:00.000Z' } })
})

afterEach(() => {
  vi.useRealTimers()
})

describe('signing in on the shared tablet', () => {
  it('signs an associate in with the right PIN and knows who acts', async () => {
    const session = useSessionStore()
    expect(session.lockState).toBe('locked')
    expect(await session.signIn('assoc-a1', '0101')).toBe('ok')
    expect(session.isSignedIn).toBe(true)
    expect(session.lockState).toBe('open')
    expect(session.associateId).toBe('assoc-a1')
    expect(session.initials).toBe('GB')
  })

  it('refuses a wrong PIN and says how many attempts are left', async () => {
    const session = useSessionStore()
    expect(await session.signIn('assoc-a1', '9999')).toBe('wrong-pin')
    expect(session.isSignedIn).toBe(false)
    expect(session.failedAttempts).toBe(1)
    expect(session.attemptsLeft).toBe(4)
  })

  it('refuses inactive associates, unknown ones and those of another store without counting a failure', async () => {
    const session = useSessionStore()
    expect(await session.signIn('assoc-a3', '0303')).toBe('inactive')
    expect(await session.signIn('assoc-nobody', '0101')).toBe('inactive')
    expect(await session.signIn('assoc-b1', '0101')).toBe('inactive')
    expect(session.failedAttempts).toBe(0)
  })

  it('locks the tablet after five wrong PINs, even for the right PIN, and a reload keeps it locked', async () => {
    const session = useSessionStore()
    const results = []
    for (let i = 0; i < 5; i++) results.push(await session.signIn(i % 2 ? 'assoc-a1' : 'assoc-a2', '1111'))
    expect(results).toEqual(['wrong-pin', 'wrong-pin', 'wrong-pin', 'wrong-pin', 'locked-out'])
    expect(session.lockState).toBe('lockedOut')
    expect(session.lockoutMinutes).toBe(5)
    expect(session.lockedOutUntil! - Date.now()).toBeGreaterThan(4 * 60_000)
    expect(await session.signIn('assoc-a1', '0101')).toBe('locked-out')
    expect(JSON.parse(localStorage.getItem(LOCKOUT_KEY)!).lockouts).toBe(1)

    setActivePinia(createPinia())
    useDeviceStore().$patch({ enrollment: { deviceId: 'dev-1', token: 'tok-1', storeId: 'store-a', serverUrl: '', name: 'Tablet 1', enrolledAt: '2026-01-01T00:00:00.000Z' } })
    const reloaded = useSessionStore()
    expect(reloaded.lockState).toBe('lockedOut')
    expect(await reloaded.signIn('assoc-a1', '0101')).toBe('locked-out')
  })

  it('a correct PIN resets the wrong-PIN count', async () => {
    const session = useSessionStore()
    await session.signIn('assoc-a1', '1111')
    await session.signIn('assoc-a1', '2222')
    expect(await session.signIn('assoc-a1', '0101')).toBe('ok')
    expect(session.failedAttempts).toBe(0)
  })

  it('finds an associate by staff code whatever the case, but not an inactive one', async () => {
    const session = useSessionStore()
    expect((await session.findByStaffCode(' a02 '))?.id).toBe('assoc-a2')
    expect(await session.findByStaffCode('A03')).toBeNull()
    expect(await session.findByStaffCode('B01')).toBeNull()
  })

  it('lists the store\'s active associates, managers first then by name', async () => {
    const session = useSessionStore()
    session.watchAssociates()
    await vi.waitFor(() => expect(session.associatesStatus).toBe('ready'))
    expect(session.associates.map(a => a.staffCode)).toEqual(['A02', 'A01'])
  })
})

describe('locking', () => {
  it('associateId throws when nobody is signed in, so nothing is recorded anonymously', async () => {
    const session = useSessionStore()
    expect(() => session.associateId).toThrow(/No associate is signed in/)
    await session.signIn('assoc-a1', '0101')
    session.lock()
    expect(session.lockState).toBe('locked')
    expect(() => session.associateId).toThrow(Error)
  })

  it('locks the screen after two minutes without activity by default', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    const session = useSessionStore()
    expect(await session.signIn('assoc-a1', '0101')).toBe('ok')
    vi.advanceTimersByTime(60_000)
    window.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(90_000)
    expect(session.isSignedIn).toBe(true)
    vi.advanceTimersByTime(31_000)
    expect(session.isSignedIn).toBe(false)
    expect(session.lockState).toBe('locked')
  })

  it('uses the configured inactivity delay and remembers it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    const session = useSessionStore()
    session.setInactivityMinutes(5)
    expect(localStorage.getItem(INACTIVITY_KEY)).toBe('5')
    expect(() => session.setInactivityMinutes(0)).toThrow(RangeError)
    await session.signIn('assoc-a1', '0101')
    vi.advanceTimersByTime(4 * 60_000)
    expect(session.isSignedIn).toBe(true)
    vi.advanceTimersByTime(61_000)
    expect(session.isSignedIn).toBe(false)
  })

  it('the lockout ends by itself when its time is up', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    const session = useSessionStore()
    for (let i = 0; i < 5; i++) await session.signIn('assoc-a1', '1111')
    expect(session.lockState).toBe('lockedOut')
    vi.advanceTimersByTime(5 * 60_000 + 1000)
    expect(session.lockState).toBe('locked')
    expect(session.attemptsLeft).toBe(5)
  })
})
