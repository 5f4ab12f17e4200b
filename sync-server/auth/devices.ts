/**
 * Devices and their tokens. A tablet is enrolled to one store with a one-time code and
 * then holds a random bearer token; the server keeps only the token's SHA-256, so a
 * database dump cannot impersonate a tablet. Codes are short enough to type on a tablet
 * (no 0/O or 1/I), single-use and expire.
 */
import type { Sql } from '../storage/db'
import { createHash, randomBytes, randomInt } from 'node:crypto'
import { newId } from '../core/ids'
import { AppError } from '../../src/shared/errors'

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const ENROLL_CODE_TTL_HOURS = 72

export interface Device {
  id: string
  storeId: string
  name: string
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

export interface IssuedCode { id: string, code: string, expiresAt: string }

/** A new one-time code for a store: shown once (only its hash is kept), listed and cancellable by id. */
export async function issueEnrollCode(sql: Sql, storeId: string, options: { ttlHours?: number, createdBy?: string | null } = {}): Promise<IssuedCode> {
  const store = await sql.query(`SELECT 1 FROM docs WHERE collection = 'stores' AND id = $1 AND NOT deleted`, [storeId])
  if (!store.rows.length)
    throw new AppError('not-found', `There is no store with id ${storeId}.`)
  let raw = ''
  for (let i = 0; i < 8; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  const { rows } = await sql.query<{ id: string, expires_at: Date }>(
    `INSERT INTO enroll_codes (code_hash, store_id, expires_at, id, created_by) VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5) RETURNING id, expires_at`,
    [sha256(raw), storeId, options.ttlHours ?? ENROLL_CODE_TTL_HOURS, newId(), options.createdBy ?? null],
  )
  return { id: rows[0]!.id, code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt: new Date(rows[0]!.expires_at).toISOString() }
}

export async function createEnrollCode(sql: Sql, storeId: string, ttlHours = ENROLL_CODE_TTL_HOURS): Promise<string> {
  return (await issueEnrollCode(sql, storeId, { ttlHours })).code
}

export interface PendingCode { id: string, createdAt: string, createdBy: string | null, expiresAt: string }

/** The store's codes not used, cancelled or expired yet. */
export async function listEnrollCodes(sql: Sql, storeId: string): Promise<PendingCode[]> {
  const { rows } = await sql.query<{ id: string, created_at: Date, created_by: string | null, expires_at: Date }>(`
    SELECT id, created_at, created_by, expires_at FROM enroll_codes
    WHERE store_id = $1 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > now() ORDER BY created_at DESC`, [storeId])
  return rows.map(r => ({ id: r.id, createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by, expiresAt: new Date(r.expires_at).toISOString() }))
}

/** Cancels a pending code of the store; another store's, a used or an unknown one is not found. */
export async function cancelEnrollCode(sql: Sql, id: string, storeId: string): Promise<void> {
  const { rows } = await sql.query(`
    UPDATE enroll_codes SET cancelled_at = now() WHERE id = $1 AND store_id = $2 AND used_at IS NULL AND cancelled_at IS NULL RETURNING id`, [id, storeId])
  if (!rows.length)
    throw new AppError('not-found', 'There is no pending enrollment code with that id in this store.')
}

export async function enrollDevice(sql: Sql, code: string, name: string): Promise<{ device: Device, token: string }> {
  const token = randomBytes(32).toString('base64url')
  const device: Device = { id: newId(), storeId: '', name }
  // One statement claims the code, so two tablets racing with one code cannot both win.
  const { rows } = await sql.query<{ store_id: string }>(`
    UPDATE enroll_codes SET used_at = now(), device_id = $2
    WHERE code_hash = $1 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > now()
    RETURNING store_id`, [sha256(normaliseCode(code)), device.id])
  const storeId = rows[0]?.store_id
  if (!storeId)
    throw new AppError('invalid-code', 'This enrollment code is not valid: it may be mistyped, already used or expired. Ask a manager for a new one.')
  device.storeId = storeId
  await sql.query(
    'INSERT INTO devices (id, store_id, name, token_hash) VALUES ($1, $2, $3, $4)',
    [device.id, storeId, name, sha256(token)],
  )
  return { device, token }
}

export async function authenticate(sql: Sql, authorization: string | undefined): Promise<Device> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  if (!match?.[1])
    throw new AppError('unauthorized', 'This request needs a device token (Authorization: Bearer …).')
  // Read-only on purpose: a rejected request must leave the database exactly as it was.
  const { rows } = await sql.query<{ id: string, store_id: string, name: string, revoked: boolean }>(
    'SELECT id, store_id, name, revoked_at IS NOT NULL AS revoked FROM devices WHERE token_hash = $1',
    [sha256(match[1])],
  )
  const row = rows[0]
  if (!row)
    throw new AppError('unauthorized', 'This device token is not known. Enroll the device again.')
  if (row.revoked)
    throw new AppError('device-revoked', 'This device has been revoked by a manager. Its local data will be removed.')
  return { id: row.id, storeId: row.store_id, name: row.name }
}

/**
 * Last successful sync, for the device list; throttled so a busy tablet doesn't write on every
 * pull or push. Each process remembers when it last wrote a device's time, so a tablet pushing
 * every few hundred milliseconds costs one statement per 30 s instead of one per request (the
 * database's own condition still keeps several instances from writing it more often).
 */
const TOUCH_EVERY_MS = 30_000
const touched = new Map<string, number>()

export async function touchDevice(sql: Sql, deviceId: string): Promise<void> {
  const now = Date.now()
  if (now - (touched.get(deviceId) ?? 0) < TOUCH_EVERY_MS)
    return
  touched.set(deviceId, now)
  if (touched.size > 100_000)
    touched.clear()
  await sql.query(
    `UPDATE devices SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '30 seconds')`,
    [deviceId],
  )
}

export interface DeviceRow { id: string, storeId: string, name: string, createdAt: string, lastSeenAt: string | null, revokedAt: string | null }

export async function listDevices(sql: Sql, storeId?: string): Promise<DeviceRow[]> {
  const { rows } = await sql.query<{ id: string, store_id: string, name: string, created_at: Date, last_seen_at: Date | null, revoked_at: Date | null }>(
    `SELECT id, store_id, name, created_at, last_seen_at, revoked_at FROM devices WHERE $1::text IS NULL OR store_id = $1 ORDER BY revoked_at NULLS FIRST, last_seen_at DESC NULLS LAST, id`,
    [storeId ?? null],
  )
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
  return rows.map(r => ({ id: r.id, storeId: r.store_id, name: r.name, createdAt: iso(r.created_at)!, lastSeenAt: iso(r.last_seen_at), revokedAt: iso(r.revoked_at) }))
}

/**
 * Revokes a device (of the given store, when one is given). Its token stops working at once:
 * its next request gets 401 `device-revoked`, and the tablet wipes its data. Revoking twice
 * keeps the first date.
 */
export async function revokeDevice(sql: Sql, deviceId: string, storeId?: string): Promise<DeviceRow> {
  const { rows } = await sql.query<{ id: string }>(
    `UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND ($2::text IS NULL OR store_id = $2) RETURNING id`,
    [deviceId, storeId ?? null],
  )
  if (!rows[0])
    throw new AppError('not-found', `There is no device ${deviceId}${storeId ? ' in this store' : ''}.`)
  await sql.query('DELETE FROM associate_sessions WHERE device_id = $1', [deviceId])
  return (await listDevices(sql, storeId)).find(d => d.id === deviceId)!
}
