import type { AnyDoc, Writer } from '../storage/writer'

/** A customer's lifetime value is the server's sum of their orders, kept in step as orders arrive. */
export async function refreshLifetimeValues(w: Writer, customerIds: string[]): Promise<void> {
  if (!customerIds.length)
    return
  const { rows } = await w.query<{ customer_id: string, total: string }>(`
    SELECT customer_id, sum((data->>'totalMinor')::bigint)::text AS total FROM docs
    WHERE collection = 'orders' AND NOT deleted AND customer_id IN (SELECT jsonb_array_elements_text($1::jsonb))
    GROUP BY customer_id`, [JSON.stringify(customerIds)])
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
