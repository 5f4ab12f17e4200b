/**
 * Erasure (right to be forgotten): the customer becomes a tombstone with no personal data,
 * their cart and wishlist are deleted, and the documents that must stay for accounting
 * (orders) or for the store's history (visits, interactions, messages, appointments) lose
 * what identifies them (the receipt address, the associates' free-text notes, a message's words,
 * an appointment's notes). Tablets receive the tombstones
 * at their next sync and drop the data — every tablet that held any of it: the rewritten
 * documents are re-indexed for every store that already had them, not only for the stores
 * whose book holds the customer today. The server's own copies go too: the platform's last
 * view of the profile, queued receipts and outbound events carrying the address, and the
 * addresses a receipt was resent to in the audit log.
 */
import type { AnyDoc, Writer } from '../storage/writer'
import { customerTombstone } from '../../src/shared/personal-data'
import { customerKey } from '../outbound/keys'

export async function eraseCustomer(w: Writer, customerId: string, at: string): Promise<void> {
  const customer = (await w.load('customers', [customerId])).get(customerId)
  if (customer) {
    await w.write('customers', [customerTombstone(customer, at)])
  }
  for (const collection of ['carts', 'wishlists'] as const) {
    const doc = (await w.load(collection, [customerId])).get(customerId)
    if (doc)
      await w.write(collection, [{ ...doc, items: [], updatedAt: at, _deleted: true }])
  }
  const { rows } = await w.query<{ collection: 'orders' | 'interactions' | 'outreach' | 'appointments', data: AnyDoc }>(
    `SELECT collection, data FROM docs WHERE customer_id = $1 AND collection IN ('orders', 'interactions', 'outreach', 'appointments')`,
    [customerId],
  )
  const orders = rows.filter(r => r.collection === 'orders').map(r => r.data)
    .map(o => ({ ...o, receipt: { ...(o.receipt as object), email: null }, updatedAt: at }))
  const interactions = rows.filter(r => r.collection === 'interactions').map(r => r.data)
    .map(i => ({ ...i, text: null, updatedAt: at }))
  // What an associate wrote to or about them: the words go, the fact stays.
  const messages = rows.filter(r => r.collection === 'outreach').map(r => r.data)
    .map(m => ({ ...m, subject: '', body: '', updatedAt: at }))
  const appointments = rows.filter(r => r.collection === 'appointments').map(r => r.data)
    .map(a => ({ ...a, notes: '', updatedAt: at }))
  await w.write('orders', orders)
  await w.write('interactions', interactions)
  await w.write('outreach', messages)
  await w.write('appointments', appointments)
  const touched = [...orders, ...interactions, ...messages, ...appointments].map(d => d.id)
  await w.query(`
    UPDATE scope_index si SET seq = d.seq FROM docs d
    WHERE d.collection = si.collection AND d.id = si.id AND d.collection IN ('orders', 'interactions', 'outreach', 'appointments')
      AND d.id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND si.seq < d.seq`, [JSON.stringify(touched)])
  await w.query(`DELETE FROM commerce_shadow WHERE id = $1 AND collection IN ('customers', 'carts', 'wishlists')`, [customerId])
  // Nothing of theirs goes out any more, nor stays for support (the older keys too: per document).
  await w.query(`DELETE FROM commerce_outbox WHERE doc_key IN ($1, $2, $3, $4)`, [customerKey(customerId), `customers:${customerId}`, `carts:${customerId}`, `wishlists:${customerId}`])
  await w.query(`DELETE FROM receipt_outbox WHERE order_id IN (SELECT jsonb_array_elements_text($1::jsonb))`, [JSON.stringify(orders.map(o => o.id))])
  // The log keeps who resent a receipt, not where to any more.
  await w.query(`UPDATE audit_log SET detail = split_part(detail, ' to ', 1) WHERE customer_id = $1 AND action = 'receipt'`, [customerId])
}
