/**
 * The manager's KPIs in SQL, over the server's copy of every store: the same definitions
 * as src/domain/kpis.ts (the tablet's offline dashboard), checked against the same
 * hand-computed month by test/server/reports.test.ts. Instants are ISO strings compared as
 * text, as the tablet compares them; amounts are summed here and divided in `ratio` the way
 * the domain divides them, so the two can't drift by a rounding rule.
 *
 * - visits, identified, purchases: the store's visits started in the period;
 * - store orders placed in the period: count, value, pieces;
 * - clienteling actions: notes, recommendations, cart and wishlist additions in the period;
 * - follow-ups: open unless the customer came back (a later visit in any store, or any
 *   later order); due from `asOf` to the period's end, or overdue at `asOf`;
 * - influenced sales: lines of web/app orders placed in the period whose last store touch
 *   (recommended, tried on, added) of that product by that customer came at most 14 days
 *   before, in any store, credited to that touch's store and associate.
 */
import type { Kpis, Period } from '../../src/shared/endpoints'
import type { Sql } from '../storage/db'
import { INFLUENCE_WINDOW_DAYS } from '../../src/domain/kpis'

export interface KpiScope { storeId: string, period: Period, asOf: string }

interface Row {
  associate: string | null
  visits: number
  identified: number
  purchases: number
  orders: number
  value: number
  pieces: number
  actions: number
  due: number
  overdue: number
  influenced: number
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b)

/** The store's KPIs (`associate: null`) and each associate's, in one pass of queries. */
export async function kpiReport(sql: Sql, scope: KpiScope): Promise<{ store: Kpis, associates: Record<string, Kpis> }> {
  const { rows } = await sql.query<Row>(REPORT, [scope.storeId, scope.period.from, scope.period.to, scope.asOf, `${INFLUENCE_WINDOW_DAYS} days`])
  const toKpis = (r: Row): Kpis => ({
    visits: Number(r.visits),
    identifiedShare: ratio(Number(r.identified), Number(r.visits)),
    conversion: ratio(Number(r.purchases), Number(r.visits)),
    averageBasketMinor: Number(r.orders) ? Math.round(Number(r.value) / Number(r.orders)) : null,
    unitsPerTransaction: ratio(Number(r.pieces), Number(r.orders)),
    clientelingActions: Number(r.actions),
    followUpsDue: Number(r.due),
    followUpsOverdue: Number(r.overdue),
    influencedSalesMinor: Number(r.influenced),
  })
  const store = rows.find(r => r.associate === null)
  const associates = Object.fromEntries(rows.filter(r => r.associate !== null).map(r => [r.associate!, toKpis(r)]))
  return { store: store ? toKpis(store) : toKpis({ associate: null, visits: 0, identified: 0, purchases: 0, orders: 0, value: 0, pieces: 0, actions: 0, due: 0, overdue: 0, influenced: 0 }), associates }
}

// $1 store, $2 from, $3 to, $4 asOf, $5 influence window
const REPORT = `
WITH
v AS (
  SELECT data->>'associateId' AS a, (data->>'customerId') IS NOT NULL AS identified,
    (data->>'outcome' = 'purchase' OR (data->>'orderId') IS NOT NULL) AS purchase
  FROM docs WHERE collection = 'visits' AND NOT deleted AND store_id = $1
    AND data->>'startedAt' >= $2 AND data->>'startedAt' < $3
),
o AS (
  SELECT data->>'associateId' AS a, (data->>'totalMinor')::bigint AS value,
    (SELECT coalesce(sum((l->>'qty')::int), 0) FROM jsonb_array_elements(data->'lines') l) AS pieces
  FROM docs WHERE collection = 'orders' AND NOT deleted AND store_id = $1 AND data->>'channel' = 'store'
    AND data->>'placedAt' >= $2 AND data->>'placedAt' < $3
),
act AS (
  SELECT data->>'associateId' AS a FROM docs
  WHERE collection = 'interactions' AND NOT deleted AND store_id = $1
    AND data->>'type' IN ('note', 'recommended', 'added_to_cart', 'added_to_wishlist')
    AND data->>'at' >= $2 AND data->>'at' < $3
),
fu AS (
  SELECT f.data->>'associateId' AS a, f.data->>'dueAt' AS due FROM docs f
  WHERE f.collection = 'interactions' AND NOT f.deleted AND f.store_id = $1 AND f.data->>'type' = 'follow_up'
    AND (f.data->>'dueAt') IS NOT NULL
    AND ((f.data->>'customerId') IS NULL OR (
      NOT EXISTS (SELECT 1 FROM docs v2 WHERE v2.collection = 'visits' AND NOT v2.deleted AND v2.data->>'customerId' = f.data->>'customerId'
        AND v2.id <> f.data->>'visitId' AND v2.data->>'startedAt' > f.data->>'at')
      AND NOT EXISTS (SELECT 1 FROM docs o2 WHERE o2.collection = 'orders' AND NOT o2.deleted AND o2.data->>'customerId' = f.data->>'customerId'
        AND o2.data->>'visitId' IS DISTINCT FROM f.data->>'visitId' AND o2.data->>'placedAt' > f.data->>'at')))
),
lines AS (
  SELECT o.id AS order_id, l.n, l.line->>'sku' AS sku, (l.line->>'totalMinor')::bigint AS amount,
    o.data->>'customerId' AS customer, o.data->>'placedAt' AS placed
  FROM docs o, jsonb_array_elements(o.data->'lines') WITH ORDINALITY AS l(line, n)
  WHERE o.collection = 'orders' AND NOT o.deleted AND o.data->>'channel' <> 'store' AND (o.data->>'customerId') IS NOT NULL
    AND o.data->>'placedAt' >= $2 AND o.data->>'placedAt' < $3
),
credit AS (
  SELECT DISTINCT ON (ln.order_id, ln.n) ln.amount, t.store_id, t.data->>'associateId' AS a
  FROM lines ln JOIN docs t ON t.collection = 'interactions' AND NOT t.deleted
    AND t.data->>'type' IN ('recommended', 'tried_on', 'added_to_cart', 'added_to_wishlist')
    AND t.data->>'customerId' = ln.customer AND t.data->>'sku' = ln.sku
    AND t.data->>'at' <= ln.placed AND (ln.placed)::timestamptz - (t.data->>'at')::timestamptz <= $5::interval
  ORDER BY ln.order_id, ln.n, t.data->>'at' DESC, t.id DESC
),
inf AS (SELECT a, amount FROM credit WHERE store_id = $1),
-- Everyone with any visit, action or sale in this store, as the tablet lists them.
people AS (
  SELECT DISTINCT data->>'associateId' AS a FROM docs
  WHERE collection IN ('visits', 'interactions', 'orders') AND NOT deleted AND store_id = $1
  UNION SELECT a FROM inf
),
scopes AS (SELECT NULL::text AS a UNION ALL SELECT a FROM people WHERE a IS NOT NULL)
SELECT s.a AS associate,
  (SELECT count(*) FROM v WHERE s.a IS NULL OR v.a = s.a)::int AS visits,
  (SELECT count(*) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND identified)::int AS identified,
  (SELECT count(*) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND purchase)::int AS purchases,
  (SELECT count(*) FROM o WHERE s.a IS NULL OR o.a = s.a)::int AS orders,
  (SELECT coalesce(sum(value), 0) FROM o WHERE s.a IS NULL OR o.a = s.a)::bigint AS value,
  (SELECT coalesce(sum(pieces), 0) FROM o WHERE s.a IS NULL OR o.a = s.a)::bigint AS pieces,
  (SELECT count(*) FROM act WHERE s.a IS NULL OR act.a = s.a)::int AS actions,
  (SELECT count(*) FROM fu WHERE (s.a IS NULL OR fu.a = s.a) AND due >= $4 AND due < $3)::int AS due,
  (SELECT count(*) FROM fu WHERE (s.a IS NULL OR fu.a = s.a) AND due < $4)::int AS overdue,
  (SELECT coalesce(sum(amount), 0) FROM inf WHERE s.a IS NULL OR inf.a = s.a)::bigint AS influenced
FROM scopes s`
