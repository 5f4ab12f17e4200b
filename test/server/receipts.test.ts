/**
 * Issue 6: e-mail receipts through a real SMTP server, once each — not zero times while the
 * mail server is down, not twice for a replayed push, at most the one duplicate SMTP can't
 * avoid (with the same Message-ID) when the process dies between acceptance and record.
 */
import type { OrderDoc } from '../../src/shared/types'
import type { TestSmtp } from './mail-helpers'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { messageIdFor, startReceiptSender } from '../../sync-server/mail/sender'
import { smtpTransport } from '../../sync-server/mail/transport'
import { makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { hashPin } from '../../sync-server/auth/pin'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { header, part, startSmtp } from './mail-helpers'

const line = (sku: string, name: string, unit: number, discount = 0) => ({
  sku, name, size: 'M', qty: 1, unitPriceMinor: unit, discountMinor: discount, discountReason: discount ? 'damaged' : null, discountApprovedBy: discount ? 'mgr-a' : null, totalMinor: unit - discount,
})
function sale(id: string, email: string | null = 'alice@example.com', language: 'it' | 'en' = 'it') {
  const lines = [line('SKU-CAPRI', 'Mocassino Capri', 18_900), line('SKU-B', 'Borsa a spalla', 25_000, 2_500)]
  const total = 18_900 + 22_500
  return makeOrder({
    id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', visitId: 'visit-receipt', lines,
    subtotalMinor: 43_900, discountMinor: 2_500, totalMinor: total, vatRateBp: 2200, vatMinor: Math.round(total * 2200 / 12_200),
    receipt: { email, language, status: email ? 'queued' : 'none', reason: null, sentAt: null },
  })
}

/** Resending needs an associate the server signed in (every test associate's PIN is 1357). */
const signedIn = (tablet: ReturnType<typeof apiClient>, associateId = 'assoc-a1') => tablet.signIn(associateId, '1357')

describe.each(BACKENDS)('e-mail receipts on %s', (backend) => {
  let smtp: TestSmtp
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const messagesFor = (orderId: string) => smtp.received.filter(m => header(m.raw, 'Message-ID')?.includes(orderId))
  const order = async (id: string) => (await tablet.pullAll('orders')).documents.find(d => d.id === id) as unknown as OrderDoc

  beforeAll(async () => {
    smtp = await startSmtp({ listening: false })
    // The server's own sender waits an hour between passes: the tests run passes with flush().
    server = await startTestServer(backend, { config: { smtpUrl: smtp.url, receiptIntervalMs: 3_600_000, receiptMaxBackoffMs: 1 } })
    const w = world()
    const pin = await hashPin('1357', { iterations: 1000 })
    await server.load({ ...w, associates: [...w.associates.map(a => makeAssociate({ ...a, pin })), makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', displayName: 'Sara Manager', pin: await hashPin('135702', { iterations: 1000 }) })], visits: [makeVisit({ id: 'visit-receipt', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })], interactions: [
      makeInteraction({ id: 'int-r-1', visitId: 'visit-receipt', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice', type: 'tried_on', sku: 'SKU-A', size: '39' }),
    ] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(async () => {
    await server.close()
    await smtp.down()
  })

  it('keeps a receipt queued while the mail server is down and sends it once when it is back', async () => {
    await tablet.create('orders', [sale('ord-r-down')])
    expect(await server.receipts.flush()).toBe(0)
    expect(await server.receipts.flush()).toBe(0)
    expect((await order('ord-r-down')).receipt.status).toBe('queued')
    await smtp.up()
    expect(await server.receipts.flush()).toBe(1)
    expect(await server.receipts.flush()).toBe(0)
    expect(messagesFor('ord-r-down')).toHaveLength(1)
    expect((await order('ord-r-down')).receipt).toMatchObject({ status: 'sent', reason: null })
  })

  it('sends a sale\'s receipt to the customer with the store, the totals and both parts', async () => {
    await tablet.create('orders', [sale('ord-r-1')])
    await server.receipts.flush()
    const [message] = messagesFor('ord-r-1')
    expect(message!.to).toEqual(['alice@example.com'])
    expect(header(message!.raw, 'Subject')).toMatch(/^La tua ricevuta Negozio A del /)
    expect(header(message!.raw, 'Message-ID')).toBe(messageIdFor('ord-r-1'))
    const text = part(message!.raw, 'text/plain')!
    const html = part(message!.raw, 'text/html')!
    for (const body of [text, html]) {
      expect(body).toContain('414,00')
      expect(body).toContain('Mocassino Capri')
      expect(body).toContain('ord-r-1')
    }
    expect(text).toMatch(/IVA 22 % inclusa: 74,66/)
    expect(html).toContain('articolo danneggiato')
  })

  it('sends one receipt for an order pushed three times', async () => {
    await tablet.create('orders', [sale('ord-r-3')])
    for (let i = 0; i < 2; i++)
      expect((await tablet.push('orders', [{ newDocumentState: sale('ord-r-3'), assumedMasterState: null }])).body).toEqual([])
    await server.receipts.flush()
    await server.receipts.flush()
    expect(messagesFor('ord-r-3')).toHaveLength(1)
  })

  it('sends nothing for a sale without an e-mail address', async () => {
    await tablet.create('orders', [sale('ord-r-none', null)])
    await server.receipts.flush()
    expect(messagesFor('ord-r-none')).toHaveLength(0)
  })

  it('re-sends after a crash between the SMTP acceptance and its record, with the same Message-ID', async () => {
    await tablet.create('orders', [sale('ord-r-crash')])
    // The first sender "dies" right after the SMTP server accepted: its pass never records it.
    const dying = startReceiptSender({ db: server.db, transport: smtpTransport(smtp.url), from: 'test@clienteling', shopUrl: 'https://shop.example', intervalMs: 3_600_000, leaseMs: 200, afterAccept: () => new Promise(() => {}) })
    void dying.flush()
    await expect.poll(() => messagesFor('ord-r-crash').length).toBe(1)
    void dying.stop()
    // After the lease, the restarted process finds the row unsent and sends it again.
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(await server.receipts.flush()).toBe(1)
    const copies = messagesFor('ord-r-crash')
    expect(copies).toHaveLength(2)
    expect(header(copies[1]!.raw, 'Message-ID')).toBe(header(copies[0]!.raw, 'Message-ID'))
    expect(await server.receipts.flush()).toBe(0)
    expect((await order('ord-r-crash')).receipt.status).toBe('sent')
  })

  it('marks a receipt failed with the reason, and a corrected address is sent as a new message', async () => {
    smtp.refuse.add('wrong@example.com')
    await tablet.create('orders', [sale('ord-r-fail', 'wrong@example.com')])
    const giveUp = startReceiptSender({ db: server.db, transport: smtpTransport(smtp.url), from: 'test@clienteling', shopUrl: 'https://shop.example', intervalMs: 3_600_000, giveUpAfterMs: 0 })
    await giveUp.flush()
    await giveUp.stop()
    const failed = (await order('ord-r-fail')).receipt
    expect(failed.status).toBe('failed')
    expect(failed.reason).toMatch(/550|mailbox unavailable/)

    const giulia = await signedIn(tablet)
    const bad = await giulia.request<{ error: { code: string } }>('POST', '/api/orders/ord-r-fail/receipt', { email: 'not an address' })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid-request'])
    const resend = await giulia.request<{ receiptId: string }>('POST', '/api/orders/ord-r-fail/receipt', { email: 'alice@example.com' })
    expect(resend.status).toBe(200)
    expect((await order('ord-r-fail')).receipt).toMatchObject({ email: 'alice@example.com', status: 'queued' })
    expect(await server.receipts.flush()).toBe(1)
    const [message] = messagesFor('ord-r-fail')
    expect(message!.to).toEqual(['alice@example.com'])
    expect(resend.body.receiptId).toMatch(/^ord-r-fail~/)
    expect(header(message!.raw, 'Message-ID')).toBe(messageIdFor(resend.body.receiptId))
    expect((await order('ord-r-fail')).receipt.status).toBe('sent')
    // The audit says who resent it and where, half-hidden: the log keeps no contact details.
    const { rows } = await server.db.query<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'receipt' AND detail LIKE 'orders:ord-r-fail%'`)
    expect(rows.map(r => r.detail)).toEqual(['orders:ord-r-fail to ali•••@example.com (was wro•••@example.com)'])
  })

  it('refuses to resend a receipt of another store\'s order, with the answer it gives for no order at all', async () => {
    const other = await signedIn(apiClient(server.url, (await server.enroll('store-b')).token), 'assoc-b1')
    const reply = await other.request<{ error: { code: string } }>('POST', '/api/orders/ord-r-1/receipt', { email: 'x@example.com' })
    const none = await other.request<{ error: { code: string } }>('POST', '/api/orders/ord-nothing/receipt', { email: 'x@example.com' })
    expect([reply.status, reply.body]).toEqual([none.status, none.body])
    expect([reply.status, reply.body.error.code]).toEqual([404, 'not-found'])
  })

  it('forgets sent receipts (their addresses) after the retention time, never unsent ones', async () => {
    await tablet.create('orders', [sale('ord-r-old'), sale('ord-r-waiting', 'nobody@example.com')])
    await server.db.query(`UPDATE receipt_outbox SET sent_at = now() - interval '40 days' WHERE id = 'ord-r-old'`)
    await server.db.query(`UPDATE receipt_outbox SET next_attempt_at = now() + interval '1 day' WHERE id = 'ord-r-waiting'`)
    const pruner = startReceiptSender({ db: server.db, transport: smtpTransport(smtp.url), from: 'test@clienteling', shopUrl: 'https://shop.example', intervalMs: 3_600_000, pruneIntervalMs: 0 })
    await pruner.flush()
    await pruner.stop()
    const { rows } = await server.db.query<{ id: string }>(`SELECT id FROM receipt_outbox WHERE id IN ('ord-r-old', 'ord-r-waiting')`)
    expect(rows.map(r => r.id)).toEqual(['ord-r-waiting'])
  })
})
