/**
 * The outbound half of the commerce link: customer, cart and wishlist changes made in store,
 * sent to the e-commerce platform as signed webhooks (`COMMERCE_WEBHOOK_URL`).
 *
 * - Queueing: a push writes its outbox rows in its own write transaction, so an event
 *   exists exactly when its change was committed. The event id carries the change number
 *   of the write; a replayed push writes nothing and so queues nothing.
 * - Claiming: a pass leases due rows in a short transaction (`FOR UPDATE SKIP LOCKED`,
 *   so several instances never claim the same row) by moving `next_attempt_at` past the
 *   request timeout, then sends with no transaction open: a slow receiver holds no lock
 *   and no connection a push needs (PGlite has only one). A process that dies mid-send
 *   leaves the lease to expire and the row is tried again.
 * - Order: a row is claimable only when no earlier undelivered row exists for the same
 *   document, so the platform never receives a cart's older state after a newer one, and
 *   only below the safe position (storage/writer.ts), where no earlier one can still appear.
 * - Delivery: any 2xx marks the row delivered; anything else (status, network error,
 *   timeout) counts an attempt, records the error and backs off exponentially up to a cap.
 *   Delivery is at least once; the platform deduplicates by `X-Event-Id`.
 */
import type { Database } from '../storage/db'
import type { AnyDoc, Writer } from '../storage/writer'
import { outboundEventFor } from './outbound'
import { outboundCustomerEventFor } from './outbound-customer'
import { sign } from './signature'
import { startPassLoop } from '../jobs/loop'

export async function queueOutboundEvents(
  w: Writer,
  storeId: string,
  collection: 'carts' | 'wishlists' | 'customers',
  written: AnyDoc[],
  masters: Map<string, AnyDoc>,
): Promise<void> {
  if (!written.length)
    return
  // The position this transaction gives the documents it writes.
  const seq = await w.position()
  const occurredAt = new Date().toISOString()
  const events = written.flatMap((doc) => {
    const previous = masters.get(doc.id) ?? null
    const event = collection === 'customers'
      ? outboundCustomerEventFor({ previous, next: doc, seq, storeId, occurredAt })
      : outboundEventFor({ collection, previous, next: doc, seq, storeId, occurredAt })
    return event ? [{ id: event.id, type: event.type, payload: event, key: `${collection}:${doc.id}`, seq }] : []
  })
  if (!events.length)
    return
  await w.query(`
    INSERT INTO commerce_outbox (id, event_type, payload, doc_key, seq)
    SELECT e->>'id', e->>'type', e->'payload', e->>'key', (e->>'seq')::bigint FROM jsonb_array_elements($1::jsonb) AS e
    ON CONFLICT (id) DO NOTHING`, [JSON.stringify(events)])
}

export interface OutboxSenderOptions {
  db: Database
  url: string
  secret: string
  /** how often due rows are looked for; also the first back-off step */
  intervalMs?: number
  maxBackoffMs?: number
  /** one request's limit; a slower receiver counts as failed */
  timeoutMs?: number
  batchSize?: number
  /** delivered events are kept this long (for support questions), then deleted */
  retentionMs?: number
  /** how often the delivered ones are pruned */
  pruneIntervalMs?: number
  onError?: (error: unknown) => void
}

export interface OutboxSender {
  stop: () => Promise<void>
  /** Runs one pass now (after any pass under way); resolves to the number delivered. */
  flush: () => Promise<number>
}

interface Claimed { id: string, payload: unknown, attempts: number }

export function startOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, url, secret, intervalMs = 1000, maxBackoffMs = 5 * 60_000, timeoutMs = 10_000, batchSize = 20 } = options
  const onError = options.onError ?? (() => {})
  // Past the request timeout, so a row still being sent is not claimed again.
  const leaseMs = timeoutMs + 5000
  // Aborts requests under way on stop, so closing the server never waits on a slow receiver.
  const stopping = new AbortController()

  const claim = () => db.transaction(async tx => (await tx.query<Claimed>(`
    UPDATE commerce_outbox SET next_attempt_at = now() + $2::int * interval '1 millisecond'
    WHERE id IN (
      SELECT c.id FROM commerce_outbox c
      WHERE c.delivered_at IS NULL AND c.next_attempt_at <= now() AND c.seq < safe_position()
        AND NOT EXISTS (SELECT 1 FROM commerce_outbox e WHERE e.doc_key = c.doc_key AND e.seq < c.seq AND e.delivered_at IS NULL)
      ORDER BY c.seq LIMIT $1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, payload, attempts`, [batchSize, leaseMs])).rows)

  const send = async (row: Claimed): Promise<boolean> => {
    const body = JSON.stringify(row.payload)
    let error: string
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Signature': sign(secret, body), 'X-Event-Id': row.id },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
      })
      // Read the answer to the end so the connection can be reused.
      const text = await response.text().catch(() => '')
      if (response.ok) {
        await db.query('UPDATE commerce_outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1', [row.id])
        return true
      }
      error = `HTTP ${response.status} ${text.slice(0, 200)}`.trim()
    }
    catch (e) {
      error = e instanceof Error ? e.message : String(e)
    }
    const delay = Math.min(maxBackoffMs, intervalMs * 2 ** (row.attempts + 1))
    await db.query(
      `UPDATE commerce_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3::int * interval '1 millisecond' WHERE id = $1`,
      [row.id, error, delay],
    )
    return false
  }

  const { retentionMs = 30 * 86_400_000, pruneIntervalMs = 3_600_000 } = options
  let prunedAt = 0
  const prune = async () => {
    if (Date.now() - prunedAt < pruneIntervalMs)
      return
    prunedAt = Date.now()
    await db.query(`DELETE FROM commerce_outbox WHERE delivered_at < now() - $1::bigint * interval '1 millisecond'`, [retentionMs])
  }

  const loop = startPassLoop(async () => {
    await prune()
    // Rows of different documents only (see claim), so they can go out together.
    const results = await Promise.all((await claim()).map(send))
    return results.filter(Boolean).length
  }, { intervalMs, onError })
  const run = loop.run

  // Send a fresh change right after its commit rather than on the next tick.
  const onChanges = (collections: string[]) => {
    if (collections.includes('carts') || collections.includes('wishlists') || collections.includes('customers'))
      void run()
  }
  db.changes.on('changes', onChanges)

  return {
    flush: run,
    stop: async () => {
      stopping.abort()
      db.changes.off('changes', onChanges)
      await loop.stop()
    },
  }
}
