/**
 * Enrollment and the first-sync summary over HTTP (no RxDB here): the one-time code is
 * typed by a person, so it is read forgivingly — "abcd efgh", "ABCD-EFGH" and "abcdefgh"
 * are the same code, as the server reads them.
 */
import type { ReplyOf } from '../shared/endpoints'
import type { EnrollRequest, EnrollResponse } from '../shared/protocol'
import { AppError } from '../shared/errors'
import { errorFromResponse, normaliseBaseUrl, SyncHttpError } from './http'

export const ENROLL_CODE_LENGTH = 8

export function normaliseEnrollCode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/** "abcdefgh" → "ABCD-EFGH" while typing, the way the manager's printout shows it. */
export function formatEnrollCode(raw: string): string {
  const code = normaliseEnrollCode(raw).slice(0, 12)
  return code.length > 4 ? `${code.slice(0, 4)}-${code.slice(4)}` : code
}

/** '' (the app's own origin) or an absolute http(s) address without a trailing slash; null if unusable. */
export function normaliseServerUrl(raw: string): string | null {
  const value = raw.trim()
  if (!value)
    return ''
  try {
    const url = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`)
    return normaliseBaseUrl(`${url.protocol}//${url.host}${url.pathname}`)
  }
  catch {
    return null
  }
}

export type EnrollFailure = 'invalid-code' | 'offline' | 'server' | 'bad-server'

export class EnrollError extends Error {
  constructor(readonly reason: EnrollFailure, message: string) {
    super(message)
    this.name = 'EnrollError'
  }
}

export async function requestEnrollment(serverUrl: string, code: string, name: string, fetchFn: typeof fetch = (i, init) => globalThis.fetch(i, init)): Promise<EnrollResponse> {
  let res: Response
  try {
    res = await fetchFn(`${normaliseBaseUrl(serverUrl)}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ code: normaliseEnrollCode(code), name } satisfies EnrollRequest),
    })
  }
  catch (error) {
    throw new EnrollError('offline', error instanceof Error ? error.message : String(error))
  }
  if (!res.ok) {
    const error = await errorFromResponse(res)
    if (error.code === 'invalid-code' || error.code === 'invalid-request')
      throw new EnrollError('invalid-code', error.message)
    throw new EnrollError(error instanceof AppError || error.status >= 500 ? 'server' : 'bad-server', error.message)
  }
  const body = await res.json().catch(() => null) as Partial<EnrollResponse> | null
  if (!body?.deviceId || !body.token || !body.storeId || typeof body.bookKey?.key !== 'string' || typeof body.bookKey.keyId !== 'string')
    throw new EnrollError('bad-server', 'The answer was not a Clienteling enrollment.')
  return { deviceId: body.deviceId, token: body.token, storeId: body.storeId, bookKey: { keyId: body.bookKey.keyId, key: body.bookKey.key } }
}

export type SyncSummary = ReplyOf<'GET /api/sync/summary'>

export async function fetchSyncSummary(serverUrl: string, token: string, fetchFn: typeof fetch = (i, init) => globalThis.fetch(i, init)): Promise<SyncSummary> {
  const res = await fetchFn(`${normaliseBaseUrl(serverUrl)}/api/sync/summary`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
  if (!res.ok)
    throw await errorFromResponse(res)
  const body = await res.json() as SyncSummary
  if (!body || typeof body.counts !== 'object')
    throw new SyncHttpError('invalid-response', 'The sync summary did not answer { counts }', res.status)
  return body
}
