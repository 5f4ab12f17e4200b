/**
 * Identity resolution as a manager sees it: the merges made (who or what decided, when,
 * why), and the look-alike pairs waiting for a decision, for the customers of their store.
 */
import type { FastifyInstance } from 'fastify'
import type { CustomerDoc } from '../../src/shared/types'
import type { Context } from './context'
import type { IdentityMerge, IdentityReview, ReviewPerson, RouteOf } from '../../src/shared/endpoints'
import { AppError } from '../../src/shared/errors'
import { survivorOf } from '../../src/shared/merge'
import { maskEmail, maskPhone } from '../../src/shared/mask'
import { recordAudit } from '../audit/log'
import { managedStores } from '../auth/reach'
import { mergeCustomers } from '../identity/merge'
import { withWriter } from '../storage/writer'
import { requireManager } from './context'

/** What a manager needs to decide whether two profiles are one person: who, where from, how known, when last seen. */
const PERSON = `jsonb_build_object('id', c.id, 'firstName', c.data->'firstName', 'lastName', c.data->'lastName', 'email', c.data->'email',
  'phone', c.data->'phone', 'homeStoreId', c.data->'homeStoreId', 'createdAt', c.data->'createdAt', 'tier', c.data->'tier',
  'loyaltyId', c.data->'loyaltyId', 'lastSeenAt', (SELECT max(x) FROM (
    SELECT v.data->>'startedAt' FROM docs v WHERE v.collection = 'visits' AND v.customer_id = c.id
    UNION ALL SELECT o.data->>'placedAt' FROM docs o WHERE o.collection = 'orders' AND o.customer_id = c.id) seen(x)))`

/** Another store's customer's contacts are for that store: a manager elsewhere sees them masked. */
function masked<T extends ReviewPerson | null>(person: T, stores: Set<string>): T {
  if (!person || (person.homeStoreId !== null && stores.has(person.homeStoreId)))
    return person
  return { ...person, email: maskEmail(person.email, 1) || null, phone: maskPhone(person.phone, 3) || null }
}

export function registerIdentityRoutes(app: FastifyInstance, ctx: Context): void {
  app.get<RouteOf<'GET /api/identity/reviews'>>('/api/identity/reviews', async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { rows } = await ctx.db.query<Omit<IdentityReview, 'a' | 'b'> & { a: ReviewPerson | null, b: ReviewPerson | null }>(`
      SELECT r.id, r.reason, r.created_at AS "createdAt",
        (SELECT ${PERSON} FROM docs c WHERE c.collection = 'customers' AND c.id = r.customer_a) AS a,
        (SELECT ${PERSON} FROM docs c WHERE c.collection = 'customers' AND c.id = r.customer_b) AS b
      FROM identity_reviews r
      WHERE r.status = 'open' AND EXISTS (SELECT 1 FROM book WHERE store_id = $1 AND customer_id IN (r.customer_a, r.customer_b))
      ORDER BY r.created_at DESC LIMIT 200`, [device.storeId])
    const stores = await managedStores(ctx.db, manager)
    // One card per pair of people: two reviews can name the same pair once a merge repointed one.
    const seen = new Set<string>()
    // A pair one of whose profiles is gone has nothing left to decide.
    const reviews: IdentityReview[] = rows.flatMap(({ a, b, ...r }) => {
      const key = a && b ? [a.id, b.id].sort().join('|') : ''
      return a && b && !seen.has(key) && seen.add(key) ? [{ ...r, a: masked(a, stores), b: masked(b, stores) }] : []
    })
    return { reviews }
  })

  app.post<RouteOf<'POST /api/identity/reviews/:id'>>('/api/identity/reviews/:id', async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    const decision = (request.body as { decision?: unknown } | null)?.decision
    if (decision !== 'merge' && decision !== 'dismiss')
      throw new AppError('invalid-request', 'Send {"decision": "merge"} or {"decision": "dismiss"}.')
    return withWriter(ctx.db, async (w) => {
      const { rows } = await w.query<{ customer_a: string, customer_b: string, status: string }>(`
        SELECT customer_a, customer_b, status FROM identity_reviews r WHERE id = $1
          AND EXISTS (SELECT 1 FROM book WHERE store_id = $2 AND customer_id IN (r.customer_a, r.customer_b))
        FOR UPDATE`, [id, device.storeId])
      const review = rows[0]
      if (!review)
        throw new AppError('not-found', 'There is no such pair to review for this store.')
      if (review.status !== 'open')
        throw new AppError('already-decided', `This pair was already decided (${review.status}).`)
      let status = 'dismissed'
      if (decision === 'merge') {
        const people = await w.load('customers', [review.customer_a, review.customer_b])
        const [a, b] = [people.get(review.customer_a), people.get(review.customer_b)] as (CustomerDoc | undefined)[]
        if (!a || !b)
          throw new AppError('not-found', 'One of the two customers no longer exists.')
        const survivor = survivorOf(a, b).id
        const merged = await mergeCustomers(w, survivor, survivor === a.id ? b.id : a.id, { reason: 'manager', trigger: `review:${id}`, decidedBy: manager.associateId })
        status = merged ? 'merged' : 'superseded'
        if (merged)
          await recordAudit(w, { deviceId: device.id, associateId: manager.associateId, customerId: survivor, action: 'merge', detail: `review:${id}` })
      }
      await w.query(`UPDATE identity_reviews SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [id, status, manager.associateId])
      return { id, status }
    })
  })

  app.get<RouteOf<'GET /api/identity/merges'>>('/api/identity/merges', async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { rows } = await ctx.db.query<IdentityMerge>(`
      SELECT m.id, m.merged_id AS "mergedId", m.reason, m.trigger, m.decided_by AS "decidedBy", m.created_at AS "createdAt",
        (SELECT ${PERSON} FROM docs c WHERE c.collection = 'customers' AND c.id = m.survivor_id) AS survivor,
        (SELECT a.data->>'displayName' FROM docs a WHERE a.collection = 'associates' AND a.id = m.decided_by) AS "decidedByName"
      FROM identity_merges m
      WHERE EXISTS (SELECT 1 FROM book WHERE store_id = $1 AND customer_id = m.survivor_id)
      ORDER BY m.created_at DESC LIMIT 200`, [device.storeId])
    const stores = await managedStores(ctx.db, manager)
    return { merges: rows.map(m => ({ ...m, survivor: masked(m.survivor, stores) })) }
  })
}
