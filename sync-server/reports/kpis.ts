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
 *   later order) or its Today task was marked done; due from `asOf` to the period's end, or
 *   overdue at `asOf`;
 * - influenced sales: lines of web/app orders placed in the period whose last store touch
 *   (recommended, tried on, added) of that product by that customer came at most 14 days
 *   before, in any store, credited to that touch's store and associate — unless a message
 *   that sent the product came later (last touch: src/domain/attribution.ts);
 * - outreach (src/domain/outreach-kpis.ts): messages sent by channel, clicks, the book's
 *   unsubscribes through an e-mail link, Today tasks done, and the order lines, in any
 *   channel, whose last touch was a message that sent the product.
 * - appointments (src/domain/appointment-kpis.ts): booked in the period by staff and by
 *   customers, the show rate of those due in it, and conversion and average basket of the
 *   visits appointments became against walk-ins.
 */
import type { AppointmentKpis, Kpis, OutreachKpis, Period } from '../../src/shared/endpoints'
import type { Sql } from '../storage/db'
import type { StoreSettings } from '../../src/shared/types'
import { INFLUENCE_WINDOW_DAYS } from '../../src/domain/kpis'
import { storeSettings } from '../../src/domain/store-settings'

export interface KpiScope {
  storeId: string
  period: Period
  asOf: string
  /** the store's settings, for its attribution window */
  settings?: StoreSettings | null
}

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

interface OutreachRow { associate: string | null, email: number, sms: number, whatsapp: number, clicks: number, unsubscribes: number | null, done: number, influenced: number }

type Report<T> = { store: T, associates: Record<string, T> }

interface AppointmentRow { associate: string | null, booked: number, staff: number, web: number, decided: number, came: number, av: number, ab: number, an: number, asum: number, wv: number, wb: number, wn: number, wsum: number }

const toAppointments = (r: AppointmentRow): AppointmentKpis => ({
  booked: Number(r.booked),
  bookedByStaff: Number(r.staff),
  bookedByCustomer: Number(r.web),
  showRate: ratio(Number(r.came), Number(r.decided)),
  appointmentVisits: Number(r.av),
  appointmentConversion: ratio(Number(r.ab), Number(r.av)),
  appointmentBasketMinor: Number(r.an) ? Math.round(Number(r.asum) / Number(r.an)) : null,
  walkInVisits: Number(r.wv),
  walkInConversion: ratio(Number(r.wb), Number(r.wv)),
  walkInBasketMinor: Number(r.wn) ? Math.round(Number(r.wsum) / Number(r.wn)) : null,
})

/** The store's KPIs (`associate: null`) and each associate's, and the same for outreach and appointments. */
export async function kpiReport(sql: Sql, scope: KpiScope): Promise<Report<Kpis> & { outreach: Report<OutreachKpis>, appointments: Report<AppointmentKpis> }> {
  const params = [scope.storeId, scope.period.from, scope.period.to, `${INFLUENCE_WINDOW_DAYS} days`, `${storeSettings(scope.settings).attributionDays} days`]
  const { rows } = await sql.query<Row>(REPORT, [...params, scope.asOf])
  const outreach = await sql.query<OutreachRow>(OUTREACH_REPORT, params)
  const appointments = await sql.query<AppointmentRow>(APPOINTMENT_REPORT, params.slice(0, 3))
  const toOutreach = (r: OutreachRow): OutreachKpis => ({
    sent: { email: Number(r.email), sms: Number(r.sms), whatsapp: Number(r.whatsapp) },
    clicks: Number(r.clicks),
    unsubscribes: r.unsubscribes === null ? null : Number(r.unsubscribes),
    tasksDone: Number(r.done),
    influencedSalesMinor: Number(r.influenced),
  })
  const ofStore = outreach.rows.find(r => r.associate === null)!
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
  return {
    store: store ? toKpis(store) : toKpis({ associate: null, visits: 0, identified: 0, purchases: 0, orders: 0, value: 0, pieces: 0, actions: 0, due: 0, overdue: 0, influenced: 0 }),
    associates,
    outreach: {
      store: toOutreach(ofStore),
      associates: Object.fromEntries(outreach.rows.filter(r => r.associate !== null).sort((a, b) => (a.associate! < b.associate! ? -1 : 1)).map(r => [r.associate!, toOutreach(r)])),
    },
    appointments: {
      store: toAppointments(appointments.rows.find(r => r.associate === null)!),
      associates: Object.fromEntries(appointments.rows.filter(r => r.associate !== null).sort((a, b) => (a.associate! < b.associate! ? -1 : 1)).map(r => [r.associate!, toAppointments(r)])),
    },
  }
}

/**
 * Each order line of the period with the touch it is credited to (src/domain/attribution.ts):
 * a store visit's touch of the product (web and app orders, within $4) or a message that sent
 * it (any channel, within $5, the store's attribution window); the latest touch wins, ties
 * broken by id as the tablet breaks them.
 */
const CREDIT = `
touches AS (
  SELECT t.id, t.store_id, t.data->>'associateId' AS a, t.data->>'customerId' AS customer, t.data->>'sku' AS sku,
    t.data->>'at' AS at, 'visit' AS via, $4::interval AS win, false AS any_channel
  FROM docs t WHERE t.collection = 'interactions' AND NOT t.deleted
    AND t.data->>'type' IN ('recommended', 'tried_on', 'added_to_cart', 'added_to_wishlist')
    AND (t.data->>'sku') IS NOT NULL AND (t.data->>'customerId') IS NOT NULL
  UNION ALL
  SELECT m.id, m.store_id, m.data->>'associateId', m.data->>'customerId', p.sku, m.data->>'at', 'outreach', $5::interval, true
  FROM docs m, jsonb_array_elements_text(m.data->'products') AS p(sku)
  WHERE m.collection = 'outreach' AND NOT m.deleted AND m.data->>'status' IN ('sent', 'logged')
),
lines AS (
  SELECT o.id AS order_id, l.n, l.line->>'sku' AS sku, (l.line->>'totalMinor')::bigint AS amount,
    o.data->>'customerId' AS customer, o.data->>'placedAt' AS placed, o.data->>'channel' AS channel
  FROM docs o, jsonb_array_elements(o.data->'lines') WITH ORDINALITY AS l(line, n)
  WHERE o.collection = 'orders' AND NOT o.deleted AND (o.data->>'customerId') IS NOT NULL
    AND o.data->>'placedAt' >= $2 AND o.data->>'placedAt' < $3
),
credit AS (
  SELECT DISTINCT ON (ln.order_id, ln.n) ln.amount, t.store_id, t.a, t.via
  FROM lines ln JOIN touches t ON t.customer = ln.customer AND t.sku = ln.sku
    AND (t.any_channel OR ln.channel <> 'store')
    AND t.at <= ln.placed AND (ln.placed)::timestamptz - (t.at)::timestamptz <= t.win
  ORDER BY ln.order_id, ln.n, t.at DESC, t.id DESC
),`

// $1 store, $2 from, $3 to, $4 influence window, $5 outreach attribution window, $6 asOf
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
    -- its Today task marked done: the associate kept the promise
    AND NOT EXISTS (SELECT 1 FROM docs t WHERE t.collection = 'tasks' AND NOT t.deleted AND t.data->>'state' = 'done'
      AND t.id = f.store_id || '|follow-up|' || coalesce(f.data->>'customerId', '') || '|' || f.id)
),
${CREDIT}
inf AS (SELECT a, amount FROM credit WHERE store_id = $1 AND via = 'visit'),
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
  (SELECT count(*) FROM fu WHERE (s.a IS NULL OR fu.a = s.a) AND due >= $6 AND due < $3)::int AS due,
  (SELECT count(*) FROM fu WHERE (s.a IS NULL OR fu.a = s.a) AND due < $6)::int AS overdue,
  (SELECT coalesce(sum(amount), 0) FROM inf WHERE s.a IS NULL OR inf.a = s.a)::bigint AS influenced
FROM scopes s`

// $1 store, $2 from, $3 to, $4 influence window, $5 outreach attribution window
const OUTREACH_REPORT = `
WITH
${CREDIT}
m AS (
  SELECT data->>'associateId' AS a, data->>'channel' AS channel, data->>'status' IN ('sent', 'logged') AS gone, (data->>'clicks')::int AS clicks
  FROM docs WHERE collection = 'outreach' AND NOT deleted AND store_id = $1 AND data->>'at' >= $2 AND data->>'at' < $3
),
done AS (
  SELECT data->>'by' AS a FROM docs WHERE collection = 'tasks' AND NOT deleted AND store_id = $1
    AND data->>'state' = 'done' AND data->>'at' >= $2 AND data->>'at' < $3
),
inf AS (SELECT a, amount FROM credit WHERE store_id = $1 AND via = 'outreach'),
people AS (
  SELECT DISTINCT data->>'associateId' AS a FROM docs WHERE collection = 'outreach' AND NOT deleted AND store_id = $1
  UNION SELECT DISTINCT data->>'by' FROM docs WHERE collection = 'tasks' AND NOT deleted AND store_id = $1
),
scopes AS (SELECT NULL::text AS a UNION ALL SELECT a FROM people WHERE a IS NOT NULL)
SELECT s.a AS associate,
  (SELECT count(*) FROM m WHERE (s.a IS NULL OR m.a = s.a) AND gone AND channel = 'email')::int AS email,
  (SELECT count(*) FROM m WHERE (s.a IS NULL OR m.a = s.a) AND gone AND channel = 'sms')::int AS sms,
  (SELECT count(*) FROM m WHERE (s.a IS NULL OR m.a = s.a) AND gone AND channel = 'whatsapp')::int AS whatsapp,
  (SELECT coalesce(sum(clicks), 0) FROM m WHERE (s.a IS NULL OR m.a = s.a) AND channel = 'email')::int AS clicks,
  CASE WHEN s.a IS NULL THEN (
    SELECT count(*) FROM book b JOIN docs c ON c.collection = 'customers' AND c.id = b.customer_id AND NOT c.deleted
    WHERE b.store_id = $1 AND c.data->'consents'->'email'->>'source' = 'email-link'
      AND (c.data->'consents'->'email'->>'granted')::boolean = false
      AND c.data->'consents'->'email'->>'capturedAt' >= $2 AND c.data->'consents'->'email'->>'capturedAt' < $3
  )::int END AS unsubscribes,
  (SELECT count(*) FROM done WHERE s.a IS NULL OR done.a = s.a)::int AS done,
  (SELECT coalesce(sum(amount), 0) FROM inf WHERE s.a IS NULL OR inf.a = s.a)::bigint AS influenced
FROM scopes s`

// $1 store, $2 from, $3 to
const APPOINTMENT_REPORT = `
WITH
ap AS (
  SELECT data->>'associateId' AS a, data->>'source' AS source, data->>'createdAt' AS created, data->>'start' AS start,
    data->>'status' AS status, data->>'visitId' AS visit
  FROM docs WHERE collection = 'appointments' AND NOT deleted AND store_id = $1
),
v AS (
  SELECT d.data->>'associateId' AS a, d.data->>'outcome' = 'purchase' AS bought,
    EXISTS (SELECT 1 FROM ap WHERE ap.visit = d.id) AS booked,
    (SELECT (o.data->>'totalMinor')::bigint FROM docs o WHERE o.collection = 'orders' AND o.id = d.data->>'orderId') AS total
  FROM docs d WHERE d.collection = 'visits' AND NOT d.deleted AND d.store_id = $1 AND d.data->>'startedAt' >= $2 AND d.data->>'startedAt' < $3
),
people AS (
  SELECT a FROM ap WHERE (created >= $2 AND created < $3) OR (start >= $2 AND start < $3)
  UNION SELECT a FROM v
),
scopes AS (SELECT NULL::text AS a UNION ALL SELECT a FROM people WHERE a IS NOT NULL)
SELECT s.a AS associate,
  (SELECT count(*) FROM ap WHERE (s.a IS NULL OR ap.a = s.a) AND created >= $2 AND created < $3)::int AS booked,
  (SELECT count(*) FROM ap WHERE (s.a IS NULL OR ap.a = s.a) AND created >= $2 AND created < $3 AND source = 'tablet')::int AS staff,
  (SELECT count(*) FROM ap WHERE (s.a IS NULL OR ap.a = s.a) AND created >= $2 AND created < $3 AND source = 'web')::int AS web,
  (SELECT count(*) FROM ap WHERE (s.a IS NULL OR ap.a = s.a) AND start >= $2 AND start < $3 AND status IN ('arrived', 'no-show'))::int AS decided,
  (SELECT count(*) FROM ap WHERE (s.a IS NULL OR ap.a = s.a) AND start >= $2 AND start < $3 AND status = 'arrived')::int AS came,
  (SELECT count(*) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND booked)::int AS av,
  (SELECT count(*) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND booked AND bought)::int AS ab,
  (SELECT count(total) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND booked)::int AS an,
  (SELECT coalesce(sum(total), 0) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND booked)::bigint AS asum,
  (SELECT count(*) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND NOT booked)::int AS wv,
  (SELECT count(*) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND NOT booked AND bought)::int AS wb,
  (SELECT count(total) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND NOT booked)::int AS wn,
  (SELECT coalesce(sum(total), 0) FROM v WHERE (s.a IS NULL OR v.a = s.a) AND NOT booked)::bigint AS wsum
FROM scopes s`
