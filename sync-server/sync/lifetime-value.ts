import type { AnyDoc, Writer } from '../storage/writer'

/**
 * A customer's lifetime value is the server's sum of their orders, kept in step as orders
 * arrive. One statement sums and returns only the customers whose stored value differs, with
 * their document: a push whose sales are already counted (a visit, a replay) writes nothing.
 */
export async function refreshLifetimeValues(w: Writer, customerIds: string[]): Promise<void> {
  if (!customerIds.length)
    return
  // A walk-in sale keeps customerId null for ever (orders never change); once its visit is
  // linked to a customer, it counts for that customer.
  const { rows } = await w.query<{ data: AnyDoc, total: string }>(`
    WITH targets AS (SELECT DISTINCT jsonb_array_elements_text($1::jsonb) AS id),
    -- Driven from the targets (LATERAL), so each customer's visits and each visit's sale are
    -- found by index whatever the planner's statistics say about a table growing fast.
    linked AS (
      SELECT t.id AS cid, v.id AS vid FROM targets t
      CROSS JOIN LATERAL (SELECT id FROM docs WHERE customer_id = t.id AND collection = 'visits' AND NOT deleted) v
    ),
    totals AS (
      SELECT cid, sum(total) AS total FROM (
        SELECT t.id AS cid, (o.data->>'totalMinor')::bigint AS total FROM targets t
        CROSS JOIN LATERAL (SELECT data FROM docs WHERE customer_id = t.id AND collection = 'orders' AND NOT deleted) o
        UNION ALL
        SELECT l.cid, (o.data->>'totalMinor')::bigint FROM linked l
        CROSS JOIN LATERAL (SELECT data FROM docs WHERE collection = 'orders' AND data->>'visitId' = l.vid AND customer_id IS NULL AND NOT deleted) o
      ) sales
      GROUP BY cid
    )
    SELECT c.data, t.total::text AS total FROM totals t
    CROSS JOIN LATERAL (SELECT data FROM docs WHERE collection = 'customers' AND id = t.cid AND NOT deleted) c
    WHERE (c.data->>'lifetimeValueMinor')::bigint IS DISTINCT FROM t.total`, [JSON.stringify(customerIds)])
  const now = new Date().toISOString()
  await w.write('customers', rows.map(r => ({ ...r.data, lifetimeValueMinor: Number(r.total), updatedAt: now })))
}
