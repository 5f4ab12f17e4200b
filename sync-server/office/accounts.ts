/**
 * Head office's accounts. An account is created with the CLI, which prints a generated
 * password once (about 100 bits: the PBKDF2 hash is kept, never the password). Signing in
 * hands out a random session token kept only as its SHA-256, good for a working day; each
 * request reads the account again, so one deactivated loses access at once. Failures are
 * answered alike, so nobody learns which logins exist.
 */
import type { Sql } from '../storage/db'
import type { OfficeAccount, OfficeRole } from '../../src/shared/endpoints'
import type { PinHash } from '../../src/shared/types'

export type { OfficeAccount, OfficeRole }
import { randomBytes, randomInt } from 'node:crypto'
import { sha256 } from '../auth/devices'
import { hashPin, verifyPin } from '../auth/pin'
import { newId } from '../core/ids'
import { AppError } from '../../src/shared/errors'

export const OFFICE_ROLES: readonly OfficeRole[] = ['admin', 'contact_centre']
export const OFFICE_SESSION_HEADER = 'x-office-session'
const SESSION_HOURS = 10
const LOGIN = /^[a-z0-9][a-z0-9._-]{2,39}$/
// No 0/O, 1/I/L: read aloud or copied by hand without mistakes.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

function generatePassword(): string {
  return Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-')
}

/**
 * Creates an account and returns its password, which exists nowhere else from then on. Only the
 * demo seed passes one (printed with the demo PINs, as well known as they are).
 */
export async function createOfficeAccount(sql: Sql, input: { login: string, displayName: string, role: OfficeRole, password?: string }, iterations: number): Promise<{ account: OfficeAccount, password: string }> {
  const login = input.login.trim().toLowerCase()
  if (!LOGIN.test(login))
    throw new AppError('invalid-request', 'A login is 3 to 40 lowercase letters, digits, dots, dashes or underscores.')
  if (!input.displayName.trim())
    throw new AppError('invalid-request', 'Give the account a name.')
  if (!OFFICE_ROLES.includes(input.role))
    throw new AppError('invalid-request', `The role is one of ${OFFICE_ROLES.join(', ')}.`)
  const taken = await sql.query('SELECT 1 FROM office_accounts WHERE login = $1', [login])
  if (taken.rows.length)
    throw new AppError('already-decided', `The login ${login} is taken.`)
  const password = input.password ?? generatePassword()
  const account: OfficeAccount = { id: newId(), login, displayName: input.displayName.trim(), role: input.role }
  await sql.query('INSERT INTO office_accounts (id, login, display_name, role, password) VALUES ($1, $2, $3, $4, $5)',
    [account.id, account.login, account.displayName, account.role, JSON.stringify(await hashPin(password, { iterations }))])
  return { account, password }
}

interface AccountRow { id: string, login: string, display_name: string, role: OfficeRole, password: PinHash | string, active: boolean }
const accountOf = (r: Omit<AccountRow, 'password'>): OfficeAccount => ({ id: r.id, login: r.login, displayName: r.display_name, role: r.role })
const hashOf = (r: AccountRow): PinHash => (typeof r.password === 'string' ? JSON.parse(r.password) as PinHash : r.password)

// Checked against when the login is unknown, so that case takes as long as a wrong password.
let decoy: Promise<PinHash> | null = null

export async function startOfficeSession(sql: Sql, login: string, password: string, iterations: number): Promise<{ token: string, expiresAt: string, account: OfficeAccount }> {
  const { rows } = await sql.query<AccountRow>('SELECT id, login, display_name, role, password, active FROM office_accounts WHERE login = $1', [login.trim().toLowerCase()])
  const row = rows[0]
  decoy ??= hashPin(generatePassword(), { iterations })
  const right = await verifyPin(password, row ? hashOf(row) : await decoy)
  if (!row || !row.active || !right)
    throw new AppError('unauthorized', 'This login and password do not match an account.')
  const token = randomBytes(32).toString('base64url')
  const expires = await sql.query<{ expires_at: Date }>(
    'INSERT INTO office_sessions (token_hash, account_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3)) RETURNING expires_at',
    [sha256(token), row.id, SESSION_HOURS])
  await sql.query('DELETE FROM office_sessions WHERE expires_at < now()')
  return { token, expiresAt: new Date(expires.rows[0]!.expires_at).toISOString(), account: accountOf(row) }
}

export async function endOfficeSession(sql: Sql, token: string): Promise<void> {
  await sql.query('DELETE FROM office_sessions WHERE token_hash = $1', [sha256(token)])
}

/** The head-office account behind a request with `role`; 401 without a live session, 403 with another role. */
export async function requireOfficeAccount(sql: Sql, token: string | undefined, role: OfficeRole): Promise<OfficeAccount> {
  if (!token)
    throw new AppError('session-required', 'Sign in to head office first.')
  const { rows } = await sql.query<Omit<AccountRow, 'password'>>(
    `SELECT a.id, a.login, a.display_name, a.role, a.active FROM office_sessions s JOIN office_accounts a ON a.id = s.account_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`, [sha256(token)])
  const row = rows[0]
  if (!row || !row.active)
    throw new AppError('session-required', 'Your head-office session has ended: sign in again.')
  if (row.role !== role)
    throw new AppError('forbidden', 'Your head-office account cannot do this.')
  return accountOf(row)
}
