import type { AnyDoc, Writer } from '../storage/writer'

/** A customer's lifetime value is the server's sum of their orders, kept in step as orders arrive. */
export async function refreshLifetimeValues(w: Writer, customerIds: string[]): Promise<void> {
  if (!customerIds.length)
    return
  // A walk-in sale keeps customerId null for ever (orders never change); once its visit is
  // linked to a customer, it counts for that customer.
  const { rows } = await w.query<{ customer_id: string, total: string }>(`
    WITH targets AS (SELECT jsonb_array_elements_text($1::jsonb) AS id),
    linked AS (
      SELECT customer_id AS cid, id AS vid FROM docs
      WHERE collection = 'visits' AND NOT deleted AND customer_id IN (SELECT id FROM targets)
    )
    SELECT cid AS customer_id, sum(total)::text AS total FROM (
      SELECT customer_id AS cid, (data->>'totalMinor')::bigint AS total FROM docs
      WHERE collection = 'orders' AND NOT deleted AND customer_id IN (SELECT id FROM targets)
      UNION ALL
      SELECT l.cid, (o.data->>'totalMinor')::bigint FROM linked l
      JOIN docs o ON o.collection = 'orders' AND NOT o.deleted AND o.customer_id IS NULL AND o.data->>'visitId' = l.vid
    ) sales
    GROUP BY cid`, [JSON.stringify(customerIds)])
  const customers = await w.load('customers', rows.map(r => r.customer_id))
  const updated: AnyDoc[] = []
  for (const row of rows) {
    const customer = customers.get(row.customer_id)
    const total = Number(row.total)
    if (customer && !customer._deleted && customer.lifetimeValueMinor !== total)
      updated.push({ ...customer, lifetimeValueMinor: total, updatedAt: new Date().toISOString() })
  }
  await w.write('customers', updated)
}
