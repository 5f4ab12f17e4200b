/**
 * Profile views for the server's audit log. A view happens on the tablet, offline too, so it
 * is queued in localStorage (ids and a time only: no name, no contact) and sent in batches
 * when the server can be reached; each view has its own id, so a batch sent twice (a lost
 * answer) is recorded once.
 */
import type { AuditView } from '../shared/endpoints'
import type { ServerContext } from './customers'
import { monotonicFactory } from 'ulid'
import { http } from './customers'
import { callEndpoint } from './http'
import { readJson, writeJson } from '../platform/local-settings'

const KEY = 'clienteling.auditViews'
/** a tablet offline for weeks keeps the latest views, not an ever-growing list */
const MAX_QUEUED = 5000
const BATCH = 500
const ulid = monotonicFactory()

/** A profile opened here, queued until a session can send it. */
export type QueuedView = AuditView

export function queueView(customerId: string, associateId: string): void {
  const queue = readJson<QueuedView[]>(KEY, [])
  queue.push({ id: ulid(), customerId, associateId, at: new Date().toISOString() })
  writeJson(KEY, queue.slice(-MAX_QUEUED))
}

export function queuedViews(): QueuedView[] {
  return readJson<QueuedView[]>(KEY, [])
}

/**
 * Sends the views of the associate whose server session this is; returns how many were sent.
 * The server records each under the session's associate, so another associate's views wait
 * for that associate's next online sign-in. Leaves the rest queued on failure.
 */
export async function sendViews(ctx: ServerContext, session: { token: string, associateId: string }): Promise<number> {
  let sent = 0
  for (;;) {
    const batch = queuedViews().filter(v => v.associateId === session.associateId).slice(0, BATCH)
    if (!batch.length)
      return sent
    await callEndpoint(http(ctx), 'POST /api/audit/views', { body: { views: batch }, headers: { 'X-Associate-Session': session.token } })
    const done = new Set(batch.map(v => v.id))
    writeJson(KEY, queuedViews().filter(v => !done.has(v.id)))
    sent += batch.length
  }
}
