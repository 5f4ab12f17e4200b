/**
 * Delivers queued receipts, exactly once as far as SMTP allows.
 *
 * - Claiming: a pass leases due rows in a short transaction (`FOR UPDATE SKIP LOCKED`, then
 *   `next_attempt_at` moved past the lease) and commits, so several sync-server instances
 *   never send the same row at the same time; the SMTP conversation happens with no
 *   transaction open.
 * - Success: once the SMTP server accepted the message, the row is marked sent and the
 *   order's receipt status becomes `sent` (a server write: it replicates to the tablets).
 * - Failure (server down, 4xx/5xx): the attempt is counted, the reason kept, and the row
 *   waits with exponential back-off; after `giveUpAfterMs` it is marked failed and the order
 *   says why, so an associate can correct the address and resend.
 * - The crash window: if the process dies after the SMTP server accepted the message but
 *   before the row is marked sent, nothing records the acceptance; when the lease expires
 *   the row is claimed again and the message is sent a second time. SMTP has no way to ask
 *   "did you already take this?", so this at-most-one duplicate is the floor: it carries
 *   the same `Message-ID` (made from the receipt id), which mail stores and clients use to
 *   drop the copy. The window is the time between the SMTP "250 OK" and one UPDATE.
 */
import type { Language, OrderDoc, StoreDoc } from '../../src/shared/types'
import type { Database } from '../storage/db'
import type { AnyDoc } from '../storage/writer'
import type { VisitItem } from './render'
import type { MailTransport } from './transport'
import { loadDocs, withWriter } from '../storage/writer'
import { renderReceipt } from './render'
import { startPassLoop } from '../jobs/loop'

export interface ReceiptSenderOptions {
  db: Database
  transport: MailTransport
  from: string
  shopUrl: string
  intervalMs?: number
  maxBackoffMs?: number
  giveUpAfterMs?: number
  /** how long a claimed row is left to its sender before another may take it */
  leaseMs?: number
  batchSize?: number
  /** sent and failed receipts (their rows hold e-mail addresses) are deleted after this long */
  retentionMs?: number
  pruneIntervalMs?: number
  onError?: (error: unknown) => void
  /** tests: runs after the SMTP server accepted a message, before it is marked sent */
  afterAccept?: (receiptId: string) => Promise<void>
}

export interface ReceiptSender {
  stop: () => Promise<void>
  /** one pass now (after any pass under way); resolves to the number sent */
  flush: () => Promise<number>
}

interface Claimed { id: string, order_id: string, email: string, attempts: number, age_ms: number }

export const messageIdFor = (receiptId: string) => `<receipt-${receiptId}@clienteling>`

export function startReceiptSender(options: ReceiptSenderOptions): ReceiptSender {
  const { db, transport, from, shopUrl, intervalMs = 1000, maxBackoffMs = 10 * 60_000, giveUpAfterMs = 24 * 60 * 60_000, batchSize = 10 } = options
  const leaseMs = options.leaseMs ?? 60_000
  const onError = options.onError ?? (() => {})

  const claim = () => db.transaction(async tx => (await tx.query<Claimed>(`
    UPDATE receipt_outbox SET next_attempt_at = now() + $2::int * interval '1 millisecond'
    WHERE id IN (
      SELECT id FROM receipt_outbox
      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
      ORDER BY created_at, id LIMIT $1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, order_id, email, attempts, (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms`, [batchSize, leaseMs])).rows)

  async function compose(row: Claimed) {
    const order = (await loadDocs(db, 'orders', [row.order_id])).get(row.order_id) as unknown as OrderDoc | undefined
    if (!order)
      throw new Error(`order ${row.order_id} is gone`)
    const store = (await loadDocs(db, 'stores', [order.storeId ?? ''])).get(order.storeId ?? '') as unknown as StoreDoc | undefined
    if (!store)
      throw new Error(`store ${String(order.storeId)} is unknown`)
    const associate = order.associateId ? (await loadDocs(db, 'associates', [order.associateId])).get(order.associateId) : undefined
    const customer = order.customerId ? (await loadDocs(db, 'customers', [order.customerId])).get(order.customerId) : undefined
    const { rows: interactions } = await db.query<{ type: VisitItem['kind'], sku: string, size: string | null }>(`
      SELECT data->>'type' AS type, data->>'sku' AS sku, data->>'size' AS size FROM docs
      WHERE collection = 'interactions' AND data->>'visitId' = $1 AND data->>'type' IN ('tried_on', 'recommended', 'shown') AND data->>'sku' IS NOT NULL
      ORDER BY data->>'at'`, [order.visitId ?? ''])
    const products = await loadDocs(db, 'products', [...new Set(interactions.map(i => i.sku))])
    const seen = new Set<string>()
    const visitItems: VisitItem[] = []
    // One line per product and kind, tried on first: the customer remembers what they tried.
    for (const kind of ['tried_on', 'recommended', 'shown'] as const) {
      for (const i of interactions.filter(x => x.type === kind)) {
        const p = products.get(i.sku) as { name?: string, url?: string } | undefined
        if (!p?.name || seen.has(i.sku))
          continue
        seen.add(i.sku)
        visitItems.push({ kind, name: p.name, url: p.url || shopUrl, size: i.size })
      }
    }
    const consents = (customer?.consents ?? {}) as { email?: { granted?: boolean } }
    const rendered = renderReceipt({
      order,
      store,
      associateFirstName: associate ? String(associate.displayName).split(' ')[0]! : null,
      customerFirstName: customer ? String(customer.firstName) || null : null,
      emailConsent: consents.email?.granted === true,
      visitItems: visitItems.slice(0, 6),
      language: order.receipt.language as Language,
      shopUrl,
    })
    return { order, rendered }
  }

  async function setReceipt(orderId: string, email: string, change: Partial<OrderDoc['receipt']>): Promise<void> {
    await withWriter(db, async (w) => {
      const order = (await w.load('orders', [orderId])).get(orderId) as unknown as OrderDoc | undefined
      // A resend to another address since: that one's status is the order's now.
      if (!order || order.receipt.email !== email)
        return
      const receipt = { ...order.receipt, ...change }
      await w.write('orders', [{ ...order, receipt, updatedAt: new Date().toISOString() } as unknown as AnyDoc])
    })
  }

  async function send(row: Claimed): Promise<boolean> {
    let error: string
    try {
      const { order, rendered } = await compose(row)
      await transport.send({ from, to: row.email, subject: rendered.subject, html: rendered.html, text: rendered.text, messageId: messageIdFor(row.id), language: order.receipt.language })
      await options.afterAccept?.(row.id)
      await db.query('UPDATE receipt_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1', [row.id])
      await setReceipt(row.order_id, row.email, { status: 'sent', sentAt: new Date().toISOString(), reason: null })
      return true
    }
    catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 480)
    }
    if (row.age_ms >= giveUpAfterMs) {
      await db.query('UPDATE receipt_outbox SET failed_at = now(), attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, error])
      await setReceipt(row.order_id, row.email, { status: 'failed', reason: error })
      return false
    }
    const delay = Math.min(maxBackoffMs, intervalMs * 2 ** (row.attempts + 1))
    await db.query(`UPDATE receipt_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3::int * interval '1 millisecond' WHERE id = $1`, [row.id, error, delay])
    return false
  }

  const { retentionMs = 30 * 86_400_000, pruneIntervalMs = 3_600_000 } = options
  let prunedAt = 0
  const prune = async () => {
    if (Date.now() - prunedAt < pruneIntervalMs)
      return
    prunedAt = Date.now()
    await db.query(`DELETE FROM receipt_outbox WHERE coalesce(sent_at, failed_at) < now() - $1::bigint * interval '1 millisecond'`, [retentionMs])
  }

  const loop = startPassLoop(async () => {
    await prune()
    let sent = 0
    // One at a time: an SMTP server is happier with a steady trickle than a burst.
    for (const row of await claim()) {
      if (await send(row))
        sent++
    }
    return sent
  }, { intervalMs, onError })

  return {
    flush: loop.run,
    stop: async () => {
      await loop.stop()
      transport.close()
    },
  }
}
