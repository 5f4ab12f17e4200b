// @vitest-environment happy-dom
import type { ClientelingDatabase } from '../../src/db/types'
import type { AssociateDoc } from '../../src/shared/types'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { INACTIVITY_KEY, LOCKOUT_KEY, useSessionStore } from '../../src/stores/session'
import { useDeviceStore } from '../../src/stores/device'
import { credentials, unboundWrap } from '../fixtures/pins'
import { makeAssociate, makeStore } from '../fixtures/world'

let db: ClientelingDatabase
let giulia: AssociateDoc
let marco: AssociateDoc
let anna: AssociateDoc

beforeAll(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `session-store-${process.pid}-${Date.now()}`, multiInstance: false })
  useDatabase(db)
  giulia = makeAssociate({ id: 'assoc-a1', displayName: 'Giulia Bianchi', staffCode: 'A01', ...await credentials('0101') })
  marco = makeAssociate({ id: 'assoc-a2', displayName: 'Marco Neri', staffCode: 'A02', role: 'manager', ...await credentials('0202') })
  anna = makeAssociate({ id: 'assoc-a3', displayName: 'Anna Verdi', staffCode: 'A03', ...await credentials('0303'), active: false })
  const other = makeAssociate({ id: 'assoc-b1', storeId: 'store-b', displayName: 'Bruno Blu', staffCode: 'B01', ...await credentials('0101') })
  await db.associates.bulkInsert([giulia, marco, anna, other])
})

afterAll(async () => {
  useDatabase(null)
  await db.remove()
})

/** A fresh page on the same tablet: new stores, the enrollment and the tab's storage kept. */
function openApp(): void {
  setActivePinia(createPinia())
  useDeviceStore().$patch({ enrollment: { deviceId: 'dev-1', token: 'tok-1', storeId: 'store-a', serverUrl: '', name: 'Tablet 1', enrolledAt: '2026-01-01T00:00:00.000Z' } })
}

beforeEach(() => {
  localStorage.clear()
  // No server behind these tests: the session the sign-in asks for is refused quietly.
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 503 })))
  openApp()
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('after a reload', () => {
  it('says the associate was signed out by the reload, not by a crash, until someone signs in; a deliberate lock says nothing', async () => {
    sessionStorage.clear()
    openApp()
    expect(await useSessionStore().signIn('assoc-a1', '0101')).toBe('ok')
    openApp()
    const reloaded = useSessionStore()
    expect(reloaded.signedOutByReload).toBe(true)
    expect(await reloaded.signIn('assoc-a1', '0101')).toBe('ok')
    expect(reloaded.signedOutByReload).toBe(false)
    reloaded.lock()
    openApp()
    expect(useSessionStore().signedOutByReload).toBe(false)
  })
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

  describe('a manager on the spot lifting the lockout', () => {
    async function lockedOut() {
      const session = useSessionStore()
      for (let i = 0; i < 5; i++) await session.signIn('assoc-a1', '1111')
      expect(session.lockState).toBe('lockedOut')
      return session
    }

    it('signs the manager in with their PIN, which lifts the lockout; an associate cannot', async () => {
      const session = await lockedOut()
      expect(await session.signIn('assoc-a1', '0101', { liftLockout: true })).toBe('inactive')
      expect(await session.signIn('assoc-a2', '9999', { liftLockout: true })).toBe('wrong-pin')
      expect(session.managerAttemptsLeft).toBe(2)
      expect(await session.signIn('assoc-a2', '0202', { liftLockout: true })).toBe('ok')
      expect([session.lockState, session.associate?.id, session.attemptsLeft]).toEqual(['open', 'assoc-a2', 5])
    })

    it('gives a manager three tries per lockout, counted across a reload', async () => {
      const session = await lockedOut()
      expect(await session.signIn('assoc-a2', '9999', { liftLockout: true })).toBe('wrong-pin')
      expect(await session.signIn('assoc-a2', '9998', { liftLockout: true })).toBe('wrong-pin')
      openApp()
      const reloaded = useSessionStore()
      expect(reloaded.managerAttemptsLeft).toBe(1)
      expect(await reloaded.signIn('assoc-a2', '9997', { liftLockout: true })).toBe('locked-out')
      expect(await reloaded.signIn('assoc-a2', '0202', { liftLockout: true })).toBe('locked-out')
      expect(reloaded.lockState).toBe('lockedOut')
    })
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

  it('follows the store manager\'s lock time over the tablet\'s own, even while someone is signed in', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    const session = useSessionStore()
    session.setInactivityMinutes(15)
    await session.signIn('assoc-a1', '0101')
    // The store's document arrives by sync with the manager's ten minutes.
    useDeviceStore().store = makeStore({ id: 'store-a', settings: { inactivityMinutes: 10 } })
    await nextTick()
    expect([session.inactivityMinutes, session.storeInactivityMinutes]).toEqual([10, 10])
    vi.advanceTimersByTime(9 * 60_000)
    expect(session.isSignedIn).toBe(true)
    vi.advanceTimersByTime(61_000)
    expect(session.isSignedIn).toBe(false)
    // The tablet's own choice is still there for a store that drops its rule.
    useDeviceStore().store = makeStore({ id: 'store-a', settings: null })
    expect(session.inactivityMinutes).toBe(15)
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

describe('the PIN and the book key at sign-in', () => {
  /** Counts the PBKDF2 derivations (the slow part of a sign-in: 600,000 iterations each in production). */
  function countPbkdf2(): () => number {
    const subtle = globalThis.crypto.subtle
    let count = 0
    const isPbkdf2 = (algorithm: unknown) => (algorithm as { name?: string }).name === 'PBKDF2'
    const deriveKey = subtle.deriveKey.bind(subtle)
    const deriveBits = subtle.deriveBits.bind(subtle)
    vi.spyOn(subtle, 'deriveKey').mockImplementation((...args: Parameters<SubtleCrypto['deriveKey']>) => {
      count += isPbkdf2(args[0]) ? 1 : 0
      return deriveKey(...args)
    })
    vi.spyOn(subtle, 'deriveBits').mockImplementation((...args: Parameters<SubtleCrypto['deriveBits']>) => {
      count += isPbkdf2(args[0]) ? 1 : 0
      return deriveBits(...args)
    })
    return () => count
  }
  afterEach(() => vi.restoreAllMocks())

  /** The requests the tablet makes to its server (none answer: the tablet is as good as offline). */
  function recordRequests(): string[] {
    const urls: string[] = []
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      urls.push(String(input))
      throw new TypeError('offline')
    })
    return urls
  }
  afterEach(() => vi.unstubAllGlobals())

  it('checks the PIN with one PBKDF2 when the wrap is bound to the PIN hash, and asks the server nothing', async () => {
    const requests = recordRequests()
    const pbkdf2 = countPbkdf2()
    expect(await useSessionStore().signIn('assoc-a1', '0101')).toBe('ok')
    expect(pbkdf2()).toBe(1)
    expect(requests.filter(u => u.endsWith('/api/book-key'))).toEqual([])
  })

  it('signs in with a wrap from before wraps were bound, checking the PIN against the hash as well, and asks the server to rewrite it', async () => {
    const { pin } = await credentials('0404')
    await db.associates.insert(makeAssociate({ id: 'assoc-a4', staffCode: 'A04', pin, bookKey: await unboundWrap('0404', pin) }))
    const requests = recordRequests()
    const pbkdf2 = countPbkdf2()
    const session = useSessionStore()
    expect(await session.signIn('assoc-a4', '0404')).toBe('ok')
    expect(pbkdf2()).toBe(2)
    expect(session.associateId).toBe('assoc-a4')
    // Unanswered here: the sign-in did not wait for it.
    expect(requests.filter(u => u.endsWith('/api/book-key'))).toHaveLength(1)
  })

  it('refuses the old PIN after a PIN change, with a bound wrap (it no longer opens) and with one from before (it opens, the hash says no)', async () => {
    const old = await credentials('0505')
    const { pin } = await credentials('5555')
    await db.associates.bulkInsert([
      makeAssociate({ id: 'assoc-a5', staffCode: 'A05', pin, bookKey: old.bookKey }),
      makeAssociate({ id: 'assoc-a6', staffCode: 'A06', pin, bookKey: await unboundWrap('0505', old.pin) }),
    ])
    const session = useSessionStore()
    expect(await session.signIn('assoc-a5', '0505')).toBe('wrong-pin')
    expect(await session.signIn('assoc-a6', '0505')).toBe('wrong-pin')
    expect(session.isSignedIn).toBe(false)
  })
})
