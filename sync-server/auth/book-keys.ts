/**
 * The per-store book keys (src/shared/book-key.ts): created on first need, handed to a
 * tablet only at enrollment (for its first download) or to an associate who proved their
 * PIN, and wrapped with each associate's PIN into their document so any associate of the
 * store can unlock any of its tablets offline. The server learns a PIN only when someone
 * types it to it (the demo seed, an online sign-in): that is when a wrap is written.
 */
import type { BookKeyResponse } from '../../src/shared/protocol'
import type { AssociateDoc } from '../../src/shared/types'
import type { Database, Sql } from '../storage/db'
import { randomBytes } from 'node:crypto'
import { BOOK_KEY_BYTES, openBookKeyWrap, toBase64, wrapBookKey } from '../../src/shared/book-key'
import { withWriter } from '../storage/writer'
import { checkAssociatePin, loadAssociate } from './sessions'

export interface StoreKey { keyId: string, raw: Uint8Array<ArrayBuffer> }

export async function storeBookKey(sql: Sql, storeId: string): Promise<StoreKey> {
  await sql.query(
    'INSERT INTO store_keys (store_id, key_id, book_key) VALUES ($1, $2, $3) ON CONFLICT (store_id) DO NOTHING',
    [storeId, `bk-${randomBytes(6).toString('hex')}`, randomBytes(BOOK_KEY_BYTES).toString('base64')],
  )
  const { rows } = await sql.query<{ key_id: string, book_key: string }>('SELECT key_id, book_key FROM store_keys WHERE store_id = $1', [storeId])
  const row = rows[0]!
  return { keyId: row.key_id, raw: new Uint8Array(Buffer.from(row.book_key, 'base64')) }
}

export const keyResponse = (key: StoreKey): BookKeyResponse => ({ keyId: key.keyId, key: toBase64(key.raw) })

async function wrapIsCurrent(associate: AssociateDoc, key: StoreKey, pin: string): Promise<boolean> {
  const wrap = associate.bookKey
  if (!wrap || wrap.keyId !== key.keyId || wrap.iterations !== associate.pin.iterations)
    return false
  // A wrap from before wraps were bound to the PIN hash is rewritten: bound, it spares the tablet a PBKDF2.
  return (await openBookKeyWrap(wrap, pin, associate.pin))?.pinProved === true
}

/**
 * Writes the associate's wrap of their store's key when it is missing or stale. `pin` must
 * already be known to be theirs. The PBKDF2 runs before the writer's lock is taken.
 */
export async function ensureBookKeyWrap(db: Database, associateId: string, pin: string): Promise<StoreKey | null> {
  const associate = await loadAssociate(db, associateId)
  if (!associate)
    return null
  const key = await storeBookKey(db, associate.storeId)
  if (await wrapIsCurrent(associate, key, pin))
    return key
  const bookKey = await wrapBookKey(key.raw, key.keyId, pin, associate.pin)
  await withWriter(db, async (w) => {
    const now = (await w.load('associates', [associateId])).get(associateId) as AssociateDoc | undefined
    // The PIN changed meanwhile: this wrap is bound to the old hash.
    if (now && now.pin.hash === associate.pin.hash)
      await w.write('associates', [{ ...now, bookKey, updatedAt: new Date().toISOString() }])
  })
  return key
}

/** POST /api/book-key: the associate proves their PIN online. */
export async function bookKeyForAssociate(db: Database, storeId: string, associateId: string, pin: string): Promise<BookKeyResponse> {
  const associate = await checkAssociatePin(db, storeId, associateId, pin)
  return keyResponse((await ensureBookKeyWrap(db, associate.id, pin))!)
}
