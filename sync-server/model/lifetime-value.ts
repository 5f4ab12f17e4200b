import type { AnyDoc, Writer } from '../storage/writer'

/**
 * A customer's lifetime value and purchase count are the server's sum and count of their
 * orders — all of them, of which a tablet holds only its history window — kept in step as
 * orders arrive. One statement sums and returns only the customers whose stored value differs, with
 * their document: a push whose sales are already counted (a visit, a replay) writes nothing.
 * A visit changes a lifetime value only through a walk-in sale made in it
 * (`onlyIfWalkInSaleOf`): without one, nothing is summed — the sum reads the customer's whole
 * history, which a visit push would otherwise pay for every time.
 */
export async function refreshLifetimeValues(w: Writer, customerIds: string[], options: { onlyIfWalkInSaleOf?: string[] } = {}): Promise<void> {
  if (!customerIds.length)
    return
  // A walk-in sale keeps customerId null for ever (orders never change); once its visit is
  // linked to a customer, it counts for that customer.
  const { rows } = await w.query<{ data: AnyDoc, total: string, n: number }>(`
    WITH targets AS (
      SELECT DISTINCT t AS id FROM jsonb_array_elements_text($1::jsonb) t
      WHERE $2::jsonb IS NULL OR EXISTS (
        SELECT 1 FROM docs WHERE collection = 'orders' AND customer_id IS NULL AND NOT deleted
          AND data->>'visitId' = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb))))
    ),
    -- Driven from the targets (LATERAL, OFFSET 0 so it is not flattened into a join), so each
    -- customer's visits and each visit's sale are found by index whatever the planner's
    -- statistics say about a table growing fast.
    linked AS (
      SELECT t.id AS cid, v.id AS vid FROM targets t
      CROSS JOIN LATERAL (SELECT id FROM docs WHERE customer_id = t.id AND collection = 'visits' AND NOT deleted OFFSET 0) v
    ),
    totals AS (
      SELECT cid, sum(total) AS total, count(*) AS n FROM (
        SELECT t.id AS cid, (o.data->>'totalMinor')::bigint AS total FROM targets t
        CROSS JOIN LATERAL (SELECT data FROM docs WHERE customer_id = t.id AND collection = 'orders' AND NOT deleted OFFSET 0) o
        UNION ALL
        SELECT l.cid, (o.data->>'totalMinor')::bigint FROM linked l
        CROSS JOIN LATERAL (SELECT data FROM docs WHERE collection = 'orders' AND data->>'visitId' = l.vid AND customer_id IS NULL AND NOT deleted OFFSET 0) o
      ) sales
      GROUP BY cid
    )
    SELECT c.data, t.total::text AS total, t.n::int AS n FROM totals t
    CROSS JOIN LATERAL (SELECT data FROM docs WHERE collection = 'customers' AND id = t.cid AND NOT deleted OFFSET 0) c
    WHERE (c.data->>'lifetimeValueMinor')::bigint IS DISTINCT FROM t.total OR (c.data->>'orderCount')::int IS DISTINCT FROM t.n`, [JSON.stringify(customerIds), options.onlyIfWalkInSaleOf ? JSON.stringify(options.onlyIfWalkInSaleOf) : null])
  const now = new Date().toISOString()
  await w.write('customers', rows.map(r => ({ ...r.data, lifetimeValueMinor: Number(r.total), orderCount: Number(r.n), updatedAt: now })))
}
