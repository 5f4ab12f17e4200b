/**
 * A receipt exists exactly when its order does: the row goes into `receipt_outbox` in the
 * same transaction that writes a new store order with an e-mail address. A replayed push
 * writes no order and so queues nothing; the receipt id is the order id, so even a second
 * write of the same order could not queue a second receipt (ON CONFLICT DO NOTHING).
 */
import type { OrderDoc } from '../../src/shared/types'
import type { Sql } from '../storage/db'
import type { AnyDoc } from '../storage/writer'

export async function queueReceipts(w: Sql, written: AnyDoc[], masters: Map<string, AnyDoc>): Promise<void> {
  const receipts = (written as unknown as OrderDoc[])
    .filter(o => o.channel === 'store' && !masters.has(o.id) && o.receipt.email && o.receipt.status === 'queued')
    .map(o => ({ id: o.id, orderId: o.id, email: o.receipt.email }))
  if (receipts.length)
    await insertReceipts(w, receipts)
}

export async function insertReceipts(w: Sql, receipts: { id: string, orderId: string, email: string | null }[]): Promise<void> {
  await w.query(`
    INSERT INTO receipt_outbox (id, order_id, email)
    SELECT r->>'id', r->>'orderId', r->>'email' FROM jsonb_array_elements($1::jsonb) AS r
    ON CONFLICT (id) DO NOTHING`, [JSON.stringify(receipts)])
}
