/**
 * Who is using the shared tablet. An associate signs in with their PIN, checked offline
 * against the synced hash; the signed-in associate lives in memory only, so a reload (or a
 * crash) always comes back locked. Wrong PINs count per device (src/domain/lockout.ts) and
 * that count survives reloads. Inactivity locks the screen: routes needing an associate
 * then send to /lock (see useLockRedirect), and the rest of the app state is kept so the
 * associate returns to where they were.
 */
import type { Subscription } from 'rxjs'
import type { LockoutState } from '../domain/lockout'
import type { AssociateDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { findAssociateByStaffCode, getAssociate, watchStoreAssociates } from '../db/associates'
import type { OwnBookKey } from '../api/book-key-client'
import { fetchBookKey, openOwnBookKey, refreshOwnWrap } from '../api/book-key-client'
import { lockBook } from '../platform/book-lock'
import { initialsOf } from '../domain/associates'
import { attemptsLeft as attemptsLeftOf, isLockedOut, lockoutDuration, managerAttemptsLeft as managerAttemptsLeftOf, parseLockout, registerFailure, registerManagerFailure, registerSuccess } from '../domain/lockout'
import { isPinShaped, PinCheckUnavailableError, verifyPin } from '../domain/pin'
import { useDeviceStore } from './device'
import { useAssociateSessionStore } from './associate-session'

export type LockState = 'open' | 'locked' | 'lockedOut'
/** 'unavailable': this browser can't run WebCrypto (plain http on a LAN address) */
/** 'needs-network': the PIN is right, but this associate has no key to the customer book on this tablet yet */
export type SignInResult = 'ok' | 'wrong-pin' | 'locked-out' | 'inactive' | 'unavailable' | 'needs-network'
export type SessionStatus = 'idle' | 'verifying'
export type AssociatesStatus = 'idle' | 'loading' | 'ready' | 'error'

export const LOCKOUT_KEY = 'clienteling.pinLockout'
/** sessionStorage: an associate was signed in in this tab, so a lock screen after a reload was not a crash */
const SIGNED_IN_KEY = 'clienteling.signedIn'
export const INACTIVITY_KEY = 'clienteling.inactivityMinutes'
const DEFAULT_INACTIVITY_MINUTES = 2
const MIN_INACTIVITY_MINUTES = 1
const MAX_INACTIVITY_MINUTES = 30
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const

const storage = () => (typeof localStorage === 'undefined' ? null : localStorage)
const tabStorage = () => (typeof sessionStorage === 'undefined' ? null : sessionStorage)

function validMinutes(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_INACTIVITY_MINUTES && value <= MAX_INACTIVITY_MINUTES
}

function savedMinutes(): number {
  const value = Number(storage()?.getItem(INACTIVITY_KEY))
  return validMinutes(value) ? value : DEFAULT_INACTIVITY_MINUTES
}

export const useSessionStore = defineStore('session', () => {
  const device = useDeviceStore()
  const associate = ref<AssociateDoc | null>(null)
  const status = ref<SessionStatus>('idle')
  const lockout = ref<LockoutState>(parseLockout(storage()?.getItem(LOCKOUT_KEY) ?? null, Date.now()))
  /** Ticks every second while locked out, so the countdown and lockState follow the clock. */
  const now = ref(Date.now())
  /** this tablet's own choice, which counts only while the store's manager has set none */
  const ownInactivityMinutes = ref(savedMinutes())
  const storeInactivityMinutes = computed(() => device.store?.settings?.inactivityMinutes ?? null)
  const inactivityMinutes = computed(() => storeInactivityMinutes.value ?? ownInactivityMinutes.value)
  const associates = ref<AssociateDoc[]>([])
  const associatesStatus = ref<AssociatesStatus>('idle')
  /**
   * The page was reloaded (or the app restarted) while someone was signed in: by design that
   * signs them out (the book key lives in memory only), and the lock screen says so.
   */
  const signedOutByReload = ref(tabStorage()?.getItem(SIGNED_IN_KEY) === '1')
  tabStorage()?.removeItem(SIGNED_IN_KEY)

  const isSignedIn = computed(() => associate.value !== null)
  const isManager = computed(() => associate.value?.role === 'manager')
  const initials = computed(() => (associate.value ? initialsOf(associate.value.displayName) : ''))
  /** For every record an action writes: asking for it while locked is a bug, not a blank. */
  const associateId = computed((): string => {
    if (!associate.value)
      throw new Error('No associate is signed in: sign in before recording anything.')
    return associate.value.id
  })
  const lockedOutUntil = computed(() => (isLockedOut(lockout.value, now.value) ? lockout.value.lockedUntil : null))
  const lockoutRemainingMs = computed(() => (lockedOutUntil.value === null ? 0 : lockedOutUntil.value - now.value))
  /** How long the current lockout lasts in all ("locked for 10 minutes"). */
  const lockoutMinutes = computed(() => (lockedOutUntil.value === null ? 0 : lockoutDuration(lockout.value.lockouts) / 60_000))
  const failedAttempts = computed(() => lockout.value.failures)
  const attemptsLeft = computed(() => attemptsLeftOf(lockout.value))
  const managerAttemptsLeft = computed(() => managerAttemptsLeftOf(lockout.value, now.value))
  const lockState = computed<LockState>(() => {
    if (isSignedIn.value)
      return 'open'
    return lockedOutUntil.value === null ? 'locked' : 'lockedOut'
  })

  let ticker: ReturnType<typeof setInterval> | undefined
  function tick(): void {
    now.value = Date.now()
    if (ticker === undefined && isLockedOut(lockout.value, now.value))
      ticker = setInterval(tick, 1000)
    else if (ticker !== undefined && !isLockedOut(lockout.value, now.value)) {
      clearInterval(ticker)
      ticker = undefined
    }
  }

  function setLockout(next: LockoutState): void {
    lockout.value = next
    storage()?.setItem(LOCKOUT_KEY, JSON.stringify(next))
    tick()
  }

  // Inactivity: events only note the time; one timer checks it, so a busy screen costs nothing.
  let lastActivity = Date.now()
  let idleTimer: ReturnType<typeof setTimeout> | undefined
  function scheduleIdleCheck(): void {
    clearTimeout(idleTimer)
    idleTimer = undefined
    if (!associate.value)
      return
    const wait = lastActivity + inactivityMinutes.value * 60_000 - Date.now()
    idleTimer = setTimeout(checkIdle, Math.max(0, wait))
  }
  function checkIdle(): void {
    if (associate.value && Date.now() - lastActivity >= inactivityMinutes.value * 60_000)
      lock()
    else
      scheduleIdleCheck()
  }
  function noteActivity(): void {
    lastActivity = Date.now()
  }
  // The manager's new lock time reaches a tablet already signed in with the store's document.
  watch(inactivityMinutes, () => scheduleIdleCheck())

  if (typeof window !== 'undefined') {
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, noteActivity, { capture: true, passive: true })
    // A sleeping tablet's timers stall: check as soon as the screen is back.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible')
        checkIdle()
    })
    // Another tab of the app counted a wrong PIN.
    window.addEventListener('storage', (event) => {
      if (event.key === LOCKOUT_KEY) {
        lockout.value = parseLockout(event.newValue, Date.now())
        tick()
      }
    })
  }
  tick()

  /** The server, unless the browser already knows it is offline (then don't wait for a timeout). */
  const reachableServer = () => (typeof navigator === 'undefined' || navigator.onLine ? device.server : null)

  function lock(): void {
    associate.value = null
    tabStorage()?.removeItem(SIGNED_IN_KEY)
    lockBook()
    useAssociateSessionStore().clear()
    clearTimeout(idleTimer)
    idleTimer = undefined
  }

  /**
   * `liftLockout`: a store manager on the spot signs in although the tablet is locked out by
   * wrong PINs, which lifts it; their tries have their own small budget (src/domain/lockout.ts).
   */
  async function signIn(id: string, pin: string, options: { liftLockout?: boolean } = {}): Promise<SignInResult> {
    // Re-read: another tab may have counted failures meanwhile.
    lockout.value = parseLockout(storage()?.getItem(LOCKOUT_KEY) ?? null, Date.now())
    tick()
    const lifting = options.liftLockout === true && isLockedOut(lockout.value, Date.now())
    if (isLockedOut(lockout.value, Date.now()) && (!lifting || managerAttemptsLeftOf(lockout.value, Date.now()) === 0))
      return 'locked-out'
    const storeId = device.enrollment?.storeId
    const candidate = storeId ? await getAssociate(storeId, id) : null
    if (!candidate || !candidate.active || (lifting && candidate.role !== 'manager'))
      return 'inactive'
    let ok = false
    let own: OwnBookKey | null = null
    if (isPinShaped(pin)) {
      status.value = 'verifying'
      try {
        // One PBKDF2 when the wrap is bound to the PIN hash (it proves the PIN); a second,
        // the PIN check, only when it is not or does not open.
        own = await openOwnBookKey(candidate, pin).catch(() => null)
        ok = own?.pinProved === true || await verifyPin(pin, candidate.pin)
      }
      catch (error) {
        if (error instanceof PinCheckUnavailableError)
          return 'unavailable'
        throw error
      }
      finally {
        status.value = 'idle'
      }
    }
    if (!ok) {
      lockBook()
      if (lifting) {
        setLockout(registerManagerFailure(lockout.value, Date.now()))
        return managerAttemptsLeftOf(lockout.value, Date.now()) ? 'wrong-pin' : 'locked-out'
      }
      setLockout(registerFailure(lockout.value, Date.now()))
      return isLockedOut(lockout.value, Date.now()) ? 'locked-out' : 'wrong-pin'
    }
    setLockout(registerSuccess())
    if (own) {
      await own.open()
      if (!own.pinProved)
        refreshOwnWrap(candidate.id, pin, reachableServer())
    }
    else if (!await fetchBookKey(candidate.id, pin, reachableServer())) {
      return 'needs-network'
    }
    associate.value = candidate
    signedOutByReload.value = false
    tabStorage()?.setItem(SIGNED_IN_KEY, '1')
    // Online, the server checks the PIN too: its session opens what reaches beyond this
    // tablet's book (other stores' customers, pins, resends) and the manager's online area.
    if (reachableServer())
      void useAssociateSessionStore().start(candidate.id, pin)
    noteActivity()
    scheduleIdleCheck()
    return 'ok'
  }

  function setInactivityMinutes(minutes: number): void {
    if (!validMinutes(minutes))
      throw new RangeError(`The inactivity lock must be between ${MIN_INACTIVITY_MINUTES} and ${MAX_INACTIVITY_MINUTES} minutes`)
    ownInactivityMinutes.value = minutes
    storage()?.setItem(INACTIVITY_KEY, String(minutes))
    scheduleIdleCheck()
  }

  // The lock screen's list, kept live: a deactivated associate disappears (and is signed out).
  let subscription: Subscription | null = null
  let watchedStore: string | null = null
  function watchAssociates(): void {
    const storeId = device.enrollment?.storeId ?? null
    if (storeId === watchedStore && subscription)
      return
    subscription?.unsubscribe()
    watchedStore = storeId
    associates.value = []
    if (!storeId) {
      associatesStatus.value = 'idle'
      return
    }
    associatesStatus.value = 'loading'
    subscription = watchStoreAssociates(storeId).subscribe({
      next: (list) => {
        associates.value = list
        associatesStatus.value = 'ready'
        const current = associate.value && list.find(a => a.id === associate.value!.id)
        if (associate.value && !current)
          lock()
        else if (current)
          associate.value = current
      },
      error: () => {
        associatesStatus.value = 'error'
        subscription = null
      },
    })
  }
  watch(() => device.enrollment?.storeId, () => {
    if (subscription)
      watchAssociates()
  })

  async function findByStaffCode(staffCode: string): Promise<AssociateDoc | null> {
    const storeId = device.enrollment?.storeId
    return storeId ? findAssociateByStaffCode(storeId, staffCode) : null
  }

  return {
    associate, isSignedIn, isManager, initials, associateId, status, lockState, lockedOutUntil, lockoutRemainingMs, lockoutMinutes,
    failedAttempts, attemptsLeft, managerAttemptsLeft, inactivityMinutes, storeInactivityMinutes, associates, associatesStatus, signedOutByReload,
    signIn, lock, setInactivityMinutes, watchAssociates, findByStaffCode,
  }
})
