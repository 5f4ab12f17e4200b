/**
 * Opening the customer book at sign-in: with the associate's own wrap of the store's key
 * (offline, from the synced associate document), or else by asking the server, which
 * checks the PIN and writes a wrap for the next offline sign-in.
 */
import type { BookKeyResponse } from '../shared/protocol'
import type { AssociateDoc } from '../shared/types'
import type { ServerContext } from './customers'
import { fromBase64, openBookKeyWrap } from '../shared/book-key'
import { unlockBook } from '../platform/book-lock'
import { http } from './customers'
import { callEndpoint } from './http'

export interface OwnBookKey {
  open: () => Promise<void>
  /** the wrap is bound to the associate's current PIN hash: the PIN needs no other check */
  pinProved: boolean
}

/** The associate's wrap on the synced document, opened with the typed PIN (offline); null if it does not open. */
export async function openOwnBookKey(associate: AssociateDoc, pin: string): Promise<OwnBookKey | null> {
  const wrap = associate.bookKey
  const opened = wrap ? await openBookKeyWrap(wrap, pin, associate.pin) : null
  return opened && { pinProved: opened.pinProved, open: () => unlockBook(opened.raw, wrap!.keyId) }
}

/** POST /api/book-key: the server checks the PIN and (re)writes the associate's wrap when it is missing or stale. */
async function askServer(associateId: string, pin: string, server: ServerContext): Promise<BookKeyResponse | null> {
  try {
    return await callEndpoint(http(server), 'POST /api/book-key', { body: { associateId, pin } })
  }
  catch {
    return null
  }
}

/** From the server, after the PIN was checked here: it checks it again. */
export async function fetchBookKey(associateId: string, pin: string, server: ServerContext | null): Promise<boolean> {
  const res = server && await askServer(associateId, pin, server)
  if (res)
    await unlockBook(fromBase64(res.key), res.keyId)
  return res !== null
}

/**
 * Has the server rewrite a wrap from before wraps were bound to the PIN hash, so the next
 * sign-in costs one PBKDF2. Opens nothing: the screen may be locked again when it answers.
 */
export function refreshOwnWrap(associateId: string, pin: string, server: ServerContext | null): void {
  if (server)
    void askServer(associateId, pin, server)
}
