/**
 * The links in outreach e-mails face the internet: each carries a signed token, so nobody can
 * make one for another customer or another message. A token is the payload (base64url JSON)
 * and an HMAC-SHA-256 of it, cut to 128 bits, with a key the server made for itself once and
 * keeps in its database (every instance reads the same). Nothing in a token is secret; a
 * token only proves the server wrote it.
 */
import type { Sql } from '../storage/db'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** 'u': unsubscribe a customer; 'r': a product in a message; 'a': one appointment's page. */
export type LinkPayload = { k: 'u', c: string } | { k: 'r', o: string, s: string } | { k: 'a', a: string }

const keys = new WeakMap<object, Promise<Buffer>>()

/** The 'links' key: read, or made by the first instance that needs it. */
export function linkKey(db: Sql & object): Promise<Buffer> {
  let key = keys.get(db)
  if (!key) {
    key = (async () => {
      await db.query(`INSERT INTO server_keys (name, key) VALUES ('links', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(32).toString('base64')])
      const { rows } = await db.query<{ key: string }>(`SELECT key FROM server_keys WHERE name = 'links'`)
      return Buffer.from(rows[0]!.key, 'base64')
    })()
    keys.set(db, key)
  }
  return key
}

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 16)

export function signLink(key: Buffer, payload: LinkPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${mac(key, body).toString('base64url')}`
}

/** The payload of a token this server signed, or null for anything else. */
export function readLink(key: Buffer, token: string): LinkPayload | null {
  const [body, signature, extra] = token.split('.')
  if (!body || !signature || extra !== undefined || token.length > 400)
    return null
  const given = Buffer.from(signature, 'base64url')
  const expected = mac(key, body)
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return null
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkPayload
    if (payload.k === 'u' && typeof payload.c === 'string')
      return { k: 'u', c: payload.c }
    if (payload.k === 'r' && typeof payload.o === 'string' && typeof payload.s === 'string')
      return { k: 'r', o: payload.o, s: payload.s }
    if (payload.k === 'a' && typeof payload.a === 'string')
      return { k: 'a', a: payload.a }
  }
  catch {
    // Not JSON: not ours.
  }
  return null
}
