/**
 * Sends queued outreach e-mails through the outbox worker (claim with a lease, send with no
 * transaction open, back off, give up after a day), exactly once as far as SMTP allows (the
 * receipts' sender says why a crash between "250 OK" and the UPDATE can send one copy more;
 * the copy has the same Message-ID). Consent is read again just before sending: a customer who
 * unsubscribed while the message waited (quiet hours, a retry) does not get it.
 *
 * The message's status replicates back to the tablet: 'sent', or 'failed' with the reason.
 */
import type { CustomerDoc, OutreachDoc, ProductDoc, StoreDoc } from '../../src/shared/types'
import type { OutboxRow } from '../jobs/outbox-worker'
import type { MailTransport } from '../mail/transport'
import type { Database } from '../storage/db'
import type { AnyDoc } from '../storage/writer'
import type { LookCard } from './render'
import { GiveUp, startOutboxWorker } from '../jobs/outbox-worker'
import { queueRelationshipFacts } from '../outbound/outbox'
import { loadDocs, withWriter } from '../storage/writer'
import { linkKey, signLink } from './links'
import { renderOutreach } from './render'

export interface OutreachSenderOptions {
  db: Database
  transport: MailTransport
  from: string
  publicUrl: string
  intervalMs?: number
  giveUpAfterMs?: number
  leaseMs?: number
  onError?: (error: unknown) => void
}

export interface OutreachSender {
  flush: () => Promise<number>
  stop: () => Promise<void>
}

export const outreachMessageId = (id: string) => `<outreach-${id}@clienteling>`

export function startOutreachSender(options: OutreachSenderOptions): OutreachSender {
  const { db, transport, from, publicUrl } = options
  const one = async <T>(collection: 'outreach' | 'customers' | 'stores' | 'associates', id: string) => (await loadDocs(db, collection, [id])).get(id) as unknown as T | undefined

  async function compose(id: string) {
    const message = await one<OutreachDoc>('outreach', id)
    if (!message)
      throw new GiveUp(`message ${id} is gone`)
    const customer = await one<CustomerDoc & { _deleted?: boolean }>('customers', message.customerId)
    if (!customer || customer._deleted || !customer.email)
      throw new GiveUp('the customer has no e-mail address any more')
    if (customer.consents.email?.granted !== true)
      throw new GiveUp('the customer withdrew their e-mail consent before it was sent')
    const store = await one<StoreDoc>('stores', message.storeId)
    const associate = await one<{ displayName: string }>('associates', message.associateId)
    const products = await loadDocs(db, 'products', message.products)
    const stock = await loadDocs(db, 'inventory', message.products.map(sku => `${message.storeId}:${sku}`))
    const key = await linkKey(db)
    const cards: LookCard[] = message.products.flatMap((sku) => {
      const p = products.get(sku) as unknown as ProductDoc | undefined
      if (!p)
        return []
      const inStore = Number((stock.get(`${message.storeId}:${sku}`) as { onHand?: number } | undefined)?.onHand ?? 0) > 0
      const image = p.imageUrl.startsWith('/') ? `${publicUrl}${p.imageUrl}` : p.imageUrl
      return [{ name: p.name, priceMinor: p.priceMinor, currency: p.currency, sizes: p.sizes, inStore, imageUrl: image, link: `${publicUrl}/r/${signLink(key, { k: 'r', o: message.id, s: sku })}` }]
    })
    const unsubscribeUrl = `${publicUrl}/u/${signLink(key, { k: 'u', c: customer.id })}`
    const address = store ? `${store.address.line1}, ${store.address.city}` : ''
    const rendered = renderOutreach({ language: message.language, subject: message.subject, body: message.body, associateName: associate?.displayName ?? '', storeName: store?.name ?? '', storeAddress: address, cards, unsubscribeUrl })
    return { message, to: customer.email, rendered, unsubscribeUrl }
  }

  async function setStatus(id: string, change: Pick<OutreachDoc, 'status' | 'reason' | 'sentAt'>): Promise<void> {
    await withWriter(db, async (w) => {
      const doc = (await w.load('outreach', [id])).get(id)
      if (!doc)
        return
      const next = { ...doc, ...change, updatedAt: new Date().toISOString() } as AnyDoc
      await w.write('outreach', [next])
      await queueRelationshipFacts(w, 'outreach', [next], new Map([[id, doc]]))
    })
  }

  const worker = startOutboxWorker<OutboxRow>({
    db,
    table: 'outreach_outbox',
    doneColumn: 'sent_at',
    columns: [],
    orderBy: 'o.next_attempt_at, o.id',
    // One at a time: an SMTP server is happier with a steady trickle than a burst.
    delivery: 'serial',
    deliver: async (row) => {
      const mail = await compose(row.id)
      await transport.send({
        from,
        to: mail.to,
        subject: mail.rendered.subject,
        html: mail.rendered.html,
        text: mail.rendered.text,
        messageId: outreachMessageId(row.id),
        language: mail.message.language,
        // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to it.
        headers: { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      })
    },
    delivered: row => setStatus(row.id, { status: 'sent', reason: null, sentAt: new Date().toISOString() }),
    gaveUp: (row, reason) => setStatus(row.id, { status: 'failed', reason, sentAt: null }),
    intervalMs: options.intervalMs ?? 1000,
    maxBackoffMs: 10 * 60_000,
    leaseMs: options.leaseMs ?? 60_000,
    batchSize: 10,
    giveUpAfterMs: options.giveUpAfterMs ?? 24 * 60 * 60_000,
    retentionMs: 30 * 86_400_000,
    pruneIntervalMs: 3_600_000,
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
