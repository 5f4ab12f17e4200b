/**
 * API keys, one per integration. A key is 32 random bytes, printed once by the CLI and kept as
 * its SHA-256 (its entropy makes a slow hash pointless). Each key has scopes; a call needs the
 * scope of what it does. Two keys of one integration can be valid at once, so a key is rotated
 * by making the new one, moving the system to it, then revoking the old: no downtime.
 */
import type { Sql } from '../storage/db'
import { createHash, randomBytes } from 'node:crypto'
import { newId } from '../core/ids'
import { AppError } from '../../src/shared/errors'

export const API_SCOPES = ['events:write', 'profiles:read', 'notes:write'] as const
export type ApiScope = typeof API_SCOPES[number]

export interface ApiKey { id: string, name: string, scopes: ApiScope[], createdAt: string, lastUsedAt: string | null, revokedAt: string | null }

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex')

export function readScopes(text: string): ApiScope[] {
  const scopes = [...new Set(text.split(',').map(s => s.trim()).filter(Boolean))]
  const unknown = scopes.filter(s => !(API_SCOPES as readonly string[]).includes(s))
  if (!scopes.length || unknown.length)
    throw new AppError('invalid-request', `Scopes are a comma-separated list of ${API_SCOPES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}.`)
  return scopes as ApiScope[]
}

export async function createApiKey(sql: Sql, input: { name: string, scopes: ApiScope[] }): Promise<{ apiKey: ApiKey, key: string }> {
  const name = input.name.trim()
  if (!name || name.length > 80)
    throw new AppError('invalid-request', 'Name the integration (80 characters at most).')
  const id = newId()
  const key = `ck_${randomBytes(32).toString('base64url')}`
  await sql.query('INSERT INTO api_keys (id, name, scopes, key_hash) VALUES ($1, $2, $3, $4)', [id, name, JSON.stringify(input.scopes), hashOf(key)])
  return { apiKey: { id, name, scopes: input.scopes, createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null }, key }
}

interface Row { id: string, name: string, scopes: ApiScope[] | string, created_at: Date, last_used_at: Date | null, revoked_at: Date | null }
const keyOf = (r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  scopes: typeof r.scopes === 'string' ? JSON.parse(r.scopes) as ApiScope[] : r.scopes,
  createdAt: new Date(r.created_at).toISOString(),
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
})

export async function listApiKeys(sql: Sql): Promise<ApiKey[]> {
  const { rows } = await sql.query<Row>('SELECT id, name, scopes, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at, id')
  return rows.map(keyOf)
}

export async function revokeApiKey(sql: Sql, id: string): Promise<ApiKey> {
  const { rows } = await sql.query<Row>('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id, name, scopes, created_at, last_used_at, revoked_at', [id])
  if (!rows[0])
    throw new AppError('not-found', `There is no API key ${id} (see \`api-key list\`).`)
  return keyOf(rows[0])
}

/** The key behind `Authorization: Bearer <key>`, if live and holding `scope`; 401 or 403 otherwise. */
export async function requireApiKey(sql: Sql, authorization: string | undefined, scope: ApiScope): Promise<ApiKey> {
  const key = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : ''
  const { rows } = key
    ? await sql.query<Row>('UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, name, scopes, created_at, last_used_at, revoked_at', [hashOf(key)])
    : { rows: [] }
  if (!rows[0])
    throw new AppError('unauthorized', 'Send a live API key as "Authorization: Bearer <key>".')
  const found = keyOf(rows[0])
  if (!found.scopes.includes(scope))
    throw new AppError('forbidden', `This API key lacks the ${scope} scope.`)
  return found
}
