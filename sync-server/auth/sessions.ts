/**
 * Associates as the server knows them. On the tablet a PIN is checked offline against the
 * synced hash; that is enough to record work, which the server checks against the store's
 * active associates anyway. A manager's endpoints (reports, identity reviews, devices) need
 * more: the tablet sends the PIN once at sign-in, the server checks it against the same
 * hash and hands out a random session token bound to that device, kept only as its SHA-256
 * and good for one shift. Every request re-reads the associate, so a manager demoted or
 * deactivated at head office loses access at once.
 */
import type { AssociateDoc, Role } from '../../src/shared/types'
import type { Sql } from '../storage/db'
import type { Device } from './devices'
import { randomBytes } from 'node:crypto'
import { AppError } from '../../src/shared/errors'
import { pinProblem } from '../../src/shared/pin-rules'
import { sha256 } from './devices'
import { verifyPin } from './pin'

const SESSION_HOURS = 12
export const SESSION_HEADER = 'x-associate-session'

export interface AssociateSession {
  associateId: string
  displayName: string
  role: Role
  storeId: string
}

export async function loadAssociate(sql: Sql, id: string): Promise<AssociateDoc | null> {
  const { rows } = await sql.query<{ data: AssociateDoc }>(`SELECT data FROM docs WHERE collection = 'associates' AND id = $1 AND NOT deleted`, [id])
  return rows[0]?.data ?? null
}

/** The active associate of the store whose PIN this is; one answer for every failure, so no one learns who exists. */
export async function checkAssociatePin(sql: Sql, storeId: string, associateId: string, pin: string): Promise<AssociateDoc> {
  const associate = await loadAssociate(sql, associateId)
  if (!associate || associate.storeId !== storeId || !associate.active || !await verifyPin(pin, associate.pin))
    throw new AppError('invalid-pin', 'This PIN is not right for this associate.')
  return associate
}

export async function startSession(sql: Sql, device: Device, associateId: string, pin: string): Promise<{ token: string, expiresAt: string, session: AssociateSession }> {
  const associate = await checkAssociatePin(sql, device.storeId, associateId, pin)
  // A manager PIN set before the six-digit rule still opens the tablet offline, but not the
  // server's manager area, until head office sets a longer one.
  const problem = pinProblem(associate.role, pin)
  if (problem)
    throw new AppError('pin-too-short', `${problem} Ask head office to set a longer PIN before using the manager area.`)
  const token = randomBytes(32).toString('base64url')
  const { rows } = await sql.query<{ expires_at: Date }>(
    `INSERT INTO associate_sessions (token_hash, associate_id, device_id, store_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING expires_at`,
    [sha256(token), associate.id, device.id, device.storeId, SESSION_HOURS],
  )
  await sql.query('DELETE FROM associate_sessions WHERE expires_at < now()')
  return { token, expiresAt: new Date(rows[0]!.expires_at).toISOString(), session: sessionOf(associate) }
}

export async function endSession(sql: Sql, device: Device, token: string): Promise<void> {
  await sql.query('DELETE FROM associate_sessions WHERE token_hash = $1 AND device_id = $2', [sha256(token), device.id])
}

/** The signed-in associate behind a request, on this device; throws `session-required` otherwise. */
export async function requireSession(sql: Sql, device: Device, token: string | undefined): Promise<AssociateSession> {
  if (!token)
    throw new AppError('session-required', 'Sign in with your PIN while the tablet is online to use this.')
  const { rows } = await sql.query<{ associate_id: string }>(
    'SELECT associate_id FROM associate_sessions WHERE token_hash = $1 AND device_id = $2 AND expires_at > now()',
    [sha256(token), device.id],
  )
  const associate = rows[0] ? await loadAssociate(sql, rows[0].associate_id) : null
  if (!associate || !associate.active || associate.storeId !== device.storeId)
    throw new AppError('session-required', 'Your session on this tablet has ended: sign in again with your PIN.')
  return sessionOf(associate)
}

export async function requireManager(sql: Sql, device: Device, token: string | undefined): Promise<AssociateSession> {
  const session = await requireSession(sql, device, token)
  if (session.role !== 'manager')
    throw new AppError('forbidden', 'Only a store manager can see this.')
  return session
}

function sessionOf(a: AssociateDoc): AssociateSession {
  return { associateId: a.id, displayName: a.displayName, role: a.role, storeId: a.storeId }
}
