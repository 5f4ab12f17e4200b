/**
 * Delivers queued receipts, exactly once as far as SMTP allows.
 *
 * - Claiming, leases, back-off, giving up and pruning: the outbox worker
 *   (jobs/outbox-worker.ts); the SMTP conversation happens with no transaction open.
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
import type { OutboxRow } from '../jobs/outbox-worker'
import { loadDocs, withWriter } from '../storage/writer'
import { renderReceipt } from './render'
import { startOutboxWorker } from '../jobs/outbox-worker'

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

interface Claimed extends OutboxRow { order_id: string, email: string }

export const messageIdFor = (receiptId: string) => `<receipt-${receiptId}@clienteling>`

export function startReceiptSender(options: ReceiptSenderOptions): ReceiptSender {
  const { db, transport, from, shopUrl } = options

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

  const worker = startOutboxWorker<Claimed>({
    db,
    table: 'receipt_outbox',
    doneColumn: 'sent_at',
    columns: ['order_id', 'email'],
    orderBy: 'o.created_at, o.id',
    // One at a time: an SMTP server is happier with a steady trickle than a burst.
    delivery: 'serial',
    deliver: async (row) => {
      const { order, rendered } = await compose(row)
      await transport.send({ from, to: row.email, subject: rendered.subject, html: rendered.html, text: rendered.text, messageId: messageIdFor(row.id), language: order.receipt.language })
      await options.afterAccept?.(row.id)
    },
    delivered: row => setReceipt(row.order_id, row.email, { status: 'sent', sentAt: new Date().toISOString(), reason: null }),
    gaveUp: (row, reason) => setReceipt(row.order_id, row.email, { status: 'failed', reason }),
    intervalMs: options.intervalMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 10 * 60_000,
    leaseMs: options.leaseMs ?? 60_000,
    batchSize: options.batchSize ?? 10,
    giveUpAfterMs: options.giveUpAfterMs ?? 24 * 60 * 60_000,
    retentionMs: options.retentionMs ?? 30 * 86_400_000,
    pruneIntervalMs: options.pruneIntervalMs ?? 3_600_000,
    onError: options.onError ?? (() => {}),
  })

  return {
    flush: worker.flush,
    stop: async () => {
      await worker.stop()
      transport.close()
    },
  }
}
