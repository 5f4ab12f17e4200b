/**
 * The one way a store calls the server for an online-only feature: the associate's server
 * session checked first, the call run through src/api/online.ts (never throws, classifies the
 * failure), and a session the server forgot dropped so the screen asks for the PIN again.
 * Stores keep the returned failure (kind, code, message) in their state: a screen says why.
 */
import type { OnlineFailure, OnlineOutcome } from '../api/online'
import type { ServerContext } from '../api/customers'
import { callOnline, knownOffline } from '../api/online'
import { useAssociateSessionStore } from './associate-session'

const failed = (kind: OnlineFailure['kind'], code: string): OnlineOutcome<never> => ({ ok: false, kind, code, message: '' })

export async function withServerSession<T>(call: (ctx: ServerContext, token: string) => Promise<T>): Promise<OnlineOutcome<T>> {
  const session = useAssociateSessionStore()
  const ctx = session.server()
  // Offline, a PIN typed again would not help: say so first.
  if (!ctx || knownOffline())
    return failed('offline', 'network')
  if (!session.token)
    return failed('needs-session', 'session-required')
  const token = session.token
  const outcome = await callOnline(() => call(ctx, token))
  if (!outcome.ok && outcome.kind === 'needs-session')
    session.expired()
  return outcome
}
