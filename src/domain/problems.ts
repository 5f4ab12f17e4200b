/**
 * What went wrong with sync, in the terms the associate's screen needs: a network that is
 * down is not an error (the chip says "offline" and RxDB retries), a full disk or a change
 * the server refuses is, and must be shown rather than retried in silence forever.
 */
import { errorStatus, isErrorCode } from '../shared/errors'

export type SyncProblemKind = 'network' | 'storage-full' | 'storage' | 'rejected' | 'server' | 'auth'

export interface SyncProblem {
  kind: SyncProblemKind
  code: string
  message: string
}

interface ErrorLike { name?: unknown, message?: unknown, code?: unknown, parameters?: unknown, inner?: unknown, cause?: unknown }

/** The error and everything it wraps: RxDB's RC_PULL/RC_PUSH carry plain copies of the causes. */
function causes(error: unknown, depth = 0): ErrorLike[] {
  if (!error || typeof error !== 'object' || depth > 4)
    return []
  const e = error as ErrorLike
  const params = (e.parameters ?? {}) as { errors?: unknown[], writeError?: unknown, error?: unknown }
  const nested = [...(Array.isArray(params.errors) ? params.errors : []), params.writeError, params.error, e.inner, e.cause]
  return [e, ...nested.flatMap(n => causes(n, depth + 1))]
}

const text = (v: unknown) => (typeof v === 'string' ? v : '')

export function isQuotaError(error: unknown): boolean {
  return causes(error).some(e => text(e.name) === 'QuotaExceededError' || /quota|disk is full|no space left/i.test(text(e.message)))
}

function statusOf(code: string): number {
  if (isErrorCode(code))
    return errorStatus[code]
  const http = /^http-(\d{3})$/.exec(code)
  return http ? Number(http[1]) : 0
}

export function classifySyncError(error: unknown): SyncProblem {
  const all = causes(error)
  const first = all.at(-1) ?? {}
  const message = text(first.message) || String(error)
  if (isQuotaError(error))
    return { kind: 'storage-full', code: 'storage-full', message }
  for (const e of all) {
    const code = text(e.code)
    if (code === 'device-revoked' || code === 'unauthorized')
      return { kind: 'auth', code, message: text(e.message) }
    if (code === 'timeout' || text(e.name) === 'AbortError' || (text(e.name) === 'TypeError' && /fetch|network|load failed/i.test(text(e.message))))
      return { kind: 'network', code: 'network', message: text(e.message) }
    const status = statusOf(code)
    if (status >= 500 || status === 429 || code === 'invalid-response')
      return { kind: 'server', code, message: text(e.message) }
    if (status >= 400)
      return { kind: 'rejected', code, message: text(e.message) }
  }
  // A write error from the local storage (RxDB's writeError) or anything unknown.
  return { kind: 'storage', code: text(first.code) || 'storage', message }
}
