/**
 * How a call to the server went, in the terms a screen needs, for every online-only feature
 * (search across stores, pins, resends, the manager's area). The replication has its own
 * reading of the same errors (src/domain/problems.ts), and this one is built on it:
 * - 'offline': no answer (no network, fetch's TypeError, a timeout, a gateway's 502–504);
 * - 'needs-session': the server wants the PIN checked online first (or forgot the session);
 * - 'limited': too many of these for now;
 * - 'refused': the server said no, for a reason its `code` names (a screen may explain it);
 * - 'error': anything else (a server fault, a malformed answer).
 * The code and the server's sentence are kept, so a screen can say why and a test can see it.
 */
import { classifySyncError } from '../domain/problems'

export type OnlineFailureKind = 'offline' | 'needs-session' | 'limited' | 'refused' | 'error'

export interface OnlineFailure {
  kind: OnlineFailureKind
  code: string
  message: string
  details?: Record<string, unknown>
}

export type OnlineOutcome<T> = { ok: true, value: T } | ({ ok: false } & OnlineFailure)

const GATEWAY = new Set([502, 503, 504])

export function onlineFailure(error: unknown): OnlineFailure {
  const problem = classifySyncError(error)
  const { code, message } = problem
  const details = (error as { details?: Record<string, unknown> } | null)?.details
  const status = (error as { status?: number } | null)?.status ?? 0
  const kind: OnlineFailureKind = problem.kind === 'network' || GATEWAY.has(status)
    ? 'offline'
    : code === 'session-required'
      ? 'needs-session'
      : code === 'rate-limited'
        ? 'limited'
        : problem.kind === 'rejected' || (problem.kind === 'auth' && code !== 'device-revoked')
          ? 'refused'
          : 'error'
  // Not the network and not the server's answer: a fault on this side (its text is in the console).
  const own = problem.kind === 'storage' ? 'unexpected' : code
  return { kind, code: kind === 'offline' ? 'network' : own, message, ...(details ? { details } : {}) }
}

/** Runs one online call and says how it went; it never throws. */
export async function callOnline<T>(call: () => Promise<T>): Promise<OnlineOutcome<T>> {
  try {
    return { ok: true, value: await call() }
  }
  catch (error) {
    return { ok: false, ...onlineFailure(error) }
  }
}

/** The browser knows it has no network: not worth a request. */
export const knownOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false
