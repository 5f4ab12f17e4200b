/**
 * The book key in memory (src/shared/book-key.ts): present while an associate is signed in
 * (or while a freshly enrolled tablet downloads its store's data), gone when the screen
 * locks. The sealed storage reads it on every write and read of a contact field, and the
 * replication of the customer book runs only while it is here. Results of sealing,
 * opening and blinding are remembered while unlocked: the same value is written twice per
 * pulled document (the document and RxDB's note of the server's state), and typed
 * searches blind the same text again and again.
 */
import type { BookKeys } from '../shared/book-key'
import { BehaviorSubject, distinctUntilChanged, map } from 'rxjs'
import { blindValue, deriveBookKeys, openText, sealText } from '../shared/book-key'

export type BookState = 'locked' | 'unlocked'

export class BookLockedError extends Error {
  readonly code = 'book-locked'
  constructor() {
    super('The customer book is locked: an associate has to sign in first.')
    this.name = 'BookLockedError'
  }
}

/** Also when RxDB hands the error on wrapped in one of its own. */
export function isBookLocked(error: unknown): boolean {
  for (let e = error as { code?: unknown, parameters?: { error?: unknown }, cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof BookLockedError || e.code === 'book-locked')
      return true
    e = (e.cause ?? e.parameters?.error) as typeof e
  }
  return false
}

const CACHE_LIMIT = 20_000
let keys: BookKeys | null = null
const state = new BehaviorSubject<BookState>('locked')
const sealed = new Map<string, string>()
const opened = new Map<string, string>()
const blinded = new Map<string, string>()

function remember(cache: Map<string, string>, key: string, value: string): string {
  if (cache.size >= CACHE_LIMIT)
    cache.clear()
  cache.set(key, value)
  return value
}

export const bookState$ = state.pipe(distinctUntilChanged())
export const bookOpen$ = bookState$.pipe(map(s => s === 'unlocked'))
export const bookState = (): BookState => state.value

export async function unlockBook(raw: Uint8Array<ArrayBuffer>, keyId: string): Promise<void> {
  if (keys?.keyId !== keyId)
    clearCaches()
  keys = await deriveBookKeys(raw, keyId)
  state.next('unlocked')
}

function clearCaches(): void {
  sealed.clear()
  opened.clear()
  blinded.clear()
}

export function lockBook(): void {
  keys = null
  clearCaches()
  state.next('locked')
}

function current(): BookKeys {
  if (!keys)
    throw new BookLockedError()
  return keys
}

export async function seal(plaintext: string): Promise<string> {
  const hit = sealed.get(plaintext)
  if (hit)
    return hit
  const value = await sealText(current(), plaintext)
  // A written document is read back at once (RxDB's change events): no need to decrypt it.
  remember(opened, value, plaintext)
  return remember(sealed, plaintext, value)
}

export async function open(value: string): Promise<string> {
  const hit = opened.get(value)
  return hit ?? remember(opened, value, await openText(current(), value))
}

/** The blind form of a search key: what the tablet stores and queries for e-mail and phone. */
export async function blind(field: string, value: string): Promise<string> {
  if (!value)
    return value
  const id = `${field}\u0000${value}`
  const hit = blinded.get(id)
  return hit ?? remember(blinded, id, await blindValue(current(), field, value))
}
