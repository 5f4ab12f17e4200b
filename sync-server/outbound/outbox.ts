/**
 * The outbound half of the commerce link: customer, cart and wishlist changes made in store,
 * store sales, ended visits and consent changes (./store-events.ts), appointments and
 * messages that reached the customer (./relationship-events.ts), sent to the retailer's
 * systems as signed webhooks (`COMMERCE_WEBHOOK_URL`).
 *
 * - Queueing: a push writes its outbox rows in its own write transaction, so an event
 *   exists exactly when its change was committed. The event id carries the change number
 *   of the write; a replayed push writes nothing and so queues nothing.
 * - Claiming, leases, back-off and pruning: the outbox worker (jobs/outbox-worker.ts); the
 *   lease outlasts the request timeout, so a row still being sent is not claimed again.
 * - Order: a row is keyed on its customer (`customer:<id>`; a walk-in's sale or visit on its
 *   own document) and is claimable only when no earlier undelivered row exists for the same
 *   key, so the platform receives one customer's events in the order they happened — never a
 *   cart's older state after a newer one, a visit before the profile it belongs to — and only
 *   below the safe position (storage/writer.ts), where no earlier one can still appear.
 * - Delivery: any 2xx marks the row delivered; anything else (status, network error,
 *   timeout) counts an attempt, records the error and backs off exponentially up to a cap.
 *   Delivery is at least once; the platform deduplicates by `X-Event-Id`.
 */
import type { Database } from '../storage/db'
import type { OutboxRow } from '../jobs/outbox-worker'
import type { AnyDoc, Writer } from '../storage/writer'
import type { AppointmentDoc, InteractionDoc, OrderDoc, OutreachDoc, VisitDoc } from '../../src/shared/types'
import { outboundEventFor } from './item-events'
import { customerKey } from './keys'
import { outboundCustomerEventFor } from './customer-events'
import { appointmentEvent, outreachSentEvent } from './relationship-events'
import { consentEvents, storeOrderEvent, visitEndedEvent } from './store-events'
import { sign } from './signature'
import { startOutboxWorker } from '../jobs/outbox-worker'

/** A document's own key when it belongs to no customer (a walk-in's sale or visit). */
const keyOf = (collection: string, doc: AnyDoc) => (typeof doc.customerId === 'string' && doc.customerId ? customerKey(doc.customerId) : `${collection}:${doc.id}`)

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
  const events = written.flatMap((doc): Queued[] => {
    const previous = masters.get(doc.id) ?? null
    // A cart's and a wishlist's id is their customer's.
    const key = customerKey(typeof doc.customerId === 'string' ? doc.customerId : doc.id)
    if (collection !== 'customers') {
      const event = outboundEventFor({ collection, previous, next: doc, seq, storeId, occurredAt })
      return event ? [{ event, key }] : []
    }
    // A consent change goes in the profile's order: after the profile it belongs to.
    const profile = outboundCustomerEventFor({ previous, next: doc, seq, storeId, occurredAt })
    return [...(profile ? [profile] : []), ...consentEvents(previous, doc, storeId, seq, occurredAt)].map(event => ({ event, key }))
  })
  await insertEvents(w, events, seq)
}

/** Store sales and ended visits, from the push that wrote them (./store-events.ts). */
export async function queueStoreFacts(w: Writer, collection: 'orders' | 'visits', written: AnyDoc[], masters: Map<string, AnyDoc>): Promise<void> {
  if (!written.length)
    return
  const seq = await w.position()
  const occurredAt = new Date().toISOString()
  let events: Queued[]
  if (collection === 'orders') {
    events = written.flatMap((doc) => {
      const event = masters.has(doc.id) ? null : storeOrderEvent(doc as unknown as OrderDoc, seq, occurredAt)
      return event ? [{ event, key: keyOf('orders', doc) }] : []
    })
  }
  else {
    const ended = written.filter(v => v.outcome !== 'open' && (masters.get(v.id)?.outcome ?? 'open') === 'open')
    const { rows } = ended.length
      ? await w.query<{ data: InteractionDoc }>(`SELECT data FROM docs WHERE collection = 'interactions' AND NOT deleted AND data->>'visitId' = ANY($1::text[]) ORDER BY data->>'at'`, [ended.map(v => v.id)])
      : { rows: [] }
    events = ended.flatMap((doc) => {
      const event = visitEndedEvent(doc as unknown as VisitDoc, (masters.get(doc.id) ?? null) as unknown as VisitDoc | null, rows.map(r => r.data).filter(i => i.visitId === doc.id), seq, occurredAt)
      return event ? [{ event, key: keyOf('visits', doc) }] : []
    })
  }
  await insertEvents(w, events, seq)
}

/**
 * Appointments booked, moved, cancelled or attended, and messages that reached the customer
 * (./relationship-events.ts), from any write of them: a push, the booking page, the sender.
 */
export async function queueRelationshipFacts(w: Writer, collection: 'appointments' | 'outreach', written: AnyDoc[], masters: Map<string, AnyDoc>): Promise<void> {
  if (!written.length)
    return
  const seq = await w.position()
  const occurredAt = new Date().toISOString()
  const events = written.flatMap((doc): Queued[] => {
    const previous = masters.get(doc.id) ?? null
    const event = collection === 'appointments'
      ? appointmentEvent(previous as unknown as AppointmentDoc | null, doc as unknown as AppointmentDoc, seq, occurredAt)
      : outreachSentEvent(previous as unknown as OutreachDoc | null, doc as unknown as OutreachDoc, seq, occurredAt)
    return event ? [{ event, key: keyOf(collection, doc) }] : []
  })
  await insertEvents(w, events, seq)
}

/** A consent the customer changed outside a store (the unsubscribe link): `consent.changed`, as a store's would be. */
export async function queueConsentChange(w: Writer, previous: AnyDoc, next: AnyDoc & { id: string }, storeId: string | null): Promise<void> {
  const seq = await w.position()
  const events = consentEvents(previous, next, storeId, seq, new Date().toISOString()).map(event => ({ event, key: customerKey(next.id) }))
  await insertEvents(w, events, seq)
}

/** An event and the key it is ordered on (a customer's events go out one after the other). */
interface Queued { event: { id: string, type: string }, key: string }

async function insertEvents(w: Writer, events: Queued[], seq: string | number): Promise<void> {
  if (!events.length)
    return
  const rows = events.map(({ event, key }) => ({ id: event.id, type: event.type, payload: event, key, seq }))
  await w.query(`
    INSERT INTO commerce_outbox (id, event_type, payload, doc_key, seq)
    SELECT e->>'id', e->>'type', e->'payload', e->>'key', (e->>'seq')::bigint FROM jsonb_array_elements($1::jsonb) AS e
    ON CONFLICT (id) DO NOTHING`, [JSON.stringify(rows)])
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

interface Claimed extends OutboxRow { payload: unknown }

export function startOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, url, secret, timeoutMs = 10_000 } = options
  // Aborts requests under way on stop, so closing the server never waits on a slow receiver.
  const stopping = new AbortController()

  const worker = startOutboxWorker<Claimed>({
    db,
    table: 'commerce_outbox',
    doneColumn: 'delivered_at',
    columns: ['payload'],
    claimableWhen: `o.seq < safe_position()
        AND NOT EXISTS (SELECT 1 FROM commerce_outbox e WHERE e.doc_key = o.doc_key AND e.seq < o.seq AND e.delivered_at IS NULL)`,
    orderBy: 'o.seq',
    // Rows of different documents only (see claimableWhen), so they can go out together.
    delivery: 'parallel',
    deliver: async (row) => {
      const body = JSON.stringify(row.payload)
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Signature': sign(secret, body), 'X-Event-Id': row.id },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
      })
      // Read the answer to the end so the connection can be reused.
      const text = await response.text().catch(() => '')
      if (!response.ok)
        throw new Error(`HTTP ${response.status} ${text.slice(0, 200)}`.trim())
    },
    intervalMs: options.intervalMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
    // Past the request timeout, so a row still being sent is not claimed again.
    leaseMs: timeoutMs + 5000,
    batchSize: options.batchSize ?? 20,
    retentionMs: options.retentionMs ?? 30 * 86_400_000,
    pruneIntervalMs: options.pruneIntervalMs ?? 3_600_000,
    onError: options.onError ?? (() => {}),
  })

  // Send a fresh change right after its commit rather than on the next tick.
  const onChanges = (collections: string[]) => {
    if (['carts', 'wishlists', 'customers', 'orders', 'visits', 'appointments', 'outreach'].some(c => collections.includes(c)))
      void worker.flush()
  }
  db.changes.on('changes', onChanges)

  return {
    flush: worker.flush,
    stop: async () => {
      stopping.abort()
      db.changes.off('changes', onChanges)
      await worker.stop()
    },
  }
}
