/**
 * Opening the customer book at sign-in: with the associate's own wrap of the store's key
 * (offline, from the synced associate document), or else by asking the server, which
 * checks the PIN and writes a wrap for the next offline sign-in.
 */
import type { BookKeyResponse } from '../shared/protocol'
import type { AssociateDoc } from '../shared/types'
import type { ServerContext } from './customers'
import { fromBase64, unwrapBookKey } from '../shared/book-key'
import { unlockBook } from './book-lock'
import { http } from './customers'
import { requestJson } from './http'

/** With the associate's wrap on the synced document: works offline. */
export async function openOwnBookKey(associate: AssociateDoc, pin: string): Promise<boolean> {
  const raw = associate.bookKey ? await unwrapBookKey(associate.bookKey, pin) : null
  if (raw)
    await unlockBook(raw, associate.bookKey!.keyId)
  return raw !== null
}

/** From the server, after the PIN was checked here: it checks it again. */
export async function fetchBookKey(associateId: string, pin: string, server: ServerContext | null): Promise<boolean> {
  if (!server)
    return false
  try {
    const res = await requestJson<BookKeyResponse>(http(server), '/api/book-key', { method: 'POST', body: { associateId, pin } })
    await unlockBook(fromBase64(res.key), res.keyId)
    return true
  }
  catch {
    return false
  }
}
