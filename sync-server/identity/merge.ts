/**
 * Merging one customer profile into another, inside the caller's write transaction, so the
 * merge is all or nothing and replaying whatever caused it finds nothing left to do.
 *
 * The survivor takes the merged profile's data (shared/merge/identity.ts), its cart and
 * wishlist items, and every order, visit and interaction (re-pointed, with new change
 * numbers, so tablets pull them again). It joins every store book the merged profile was
 * in, so each tablet that knew the old profile now holds the survivor. The merged profile
 * becomes a tombstone naming the survivor; older tombstones naming it are moved on to the
 * survivor, so a tablet follows one hop whatever it held. The platform hears of it through
 * one outbound `customer.merged` event, and the merge is logged.
 */
import type { CartItem, CustomerDoc, WithDeleted } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import { newId } from '../core/ids'
import { identityTombstone, mergeIdentities, uniteItems } from '../../src/shared/merge'
import { refreshLifetimeValues } from '../model/lifetime-value'
import { customerKey } from '../outbound/keys'

export type MergeReason = 'email' | 'phone' | 'manager'

export interface MergeMeta {
  reason: MergeReason
  /** what caused it: `push:<store>`, `commerce:<event id>`, `review:<id>` */
  trigger: string
  /** `server` for an automatic merge, else the manager's associate id */
  decidedBy: string
}

type Customer = WithDeleted<CustomerDoc>

export async function mergeCustomers(w: Writer, survivorId: string, mergedId: string, meta: MergeMeta): Promise<boolean> {
  const found = await w.load('customers', [survivorId, mergedId])
  const survivor = found.get(survivorId) as Customer | undefined
  const merged = found.get(mergedId) as Customer | undefined
  if (!survivor || !merged || survivor._deleted || merged._deleted || survivorId === mergedId)
    return false
  const at = new Date().toISOString()
  // Re-pointed activity keeps its updatedAt: a tablet replaying the same document (re-pointed
  // on arrival, see forward.ts) then finds it equal and nothing happens.
  // Join the books first: the re-pointed documents written below are then indexed there too.
  const { rows: books } = await w.query<{ store_id: string }>('SELECT store_id FROM book WHERE customer_id = $1', [mergedId])
  for (const { store_id } of books)
    await w.joinBook(store_id, [survivorId], 'merge')

  const { rows: older } = await w.query<{ data: AnyDoc }>(
    `SELECT data FROM docs WHERE collection = 'customers' AND data->>'mergedInto' = $1`,
    [mergedId],
  )
  await w.write('customers', [
    mergeIdentities(survivor, merged, at) as unknown as AnyDoc,
    identityTombstone(merged, survivorId, at) as unknown as AnyDoc,
    ...older.map(r => ({ ...r.data, mergedInto: survivorId, updatedAt: at })),
  ])
  const items = {
    cart: await uniteList(w, 'carts', survivorId, mergedId, at),
    wishlist: await uniteList(w, 'wishlists', survivorId, mergedId, at),
  }
  const { rows: activity } = await w.query<{ collection: 'orders' | 'visits' | 'interactions' | 'outreach' | 'appointments', data: AnyDoc }>(
    `SELECT collection, data FROM docs WHERE customer_id = $1 AND collection IN ('orders', 'visits', 'interactions', 'outreach', 'appointments')`,
    [mergedId],
  )
  for (const collection of ['orders', 'visits', 'interactions', 'outreach', 'appointments'] as const) {
    await w.write(collection, activity.filter(r => r.collection === collection)
      .map(r => ({ ...r.data, customerId: survivorId })))
  }
  await refreshLifetimeValues(w, [survivorId])
  await w.query(
    `UPDATE identity_reviews SET status = 'superseded', decided_by = $2, decided_at = now()
     WHERE status = 'open' AND ($1 IN (customer_a, customer_b))`,
    [mergedId, meta.decidedBy],
  )
  await w.query(
    `INSERT INTO identity_merges (id, survivor_id, merged_id, reason, trigger, decided_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (merged_id) DO NOTHING`,
    [newId(), survivorId, mergedId, meta.reason, meta.trigger, meta.decidedBy],
  )
  await queueMergedEvent(w, survivorId, mergedId, meta, at, items)
  return true
}

/** The survivor's list gets the merged profile's items; the merged profile's list is deleted. */
async function uniteList(w: Writer, collection: 'carts' | 'wishlists', survivorId: string, mergedId: string, at: string): Promise<CartItem[]> {
  const found = await w.load(collection, [survivorId, mergedId])
  const survivor = found.get(survivorId)
  const merged = found.get(mergedId)
  const own = survivor && !survivor._deleted ? survivor.items as CartItem[] : []
  if (!merged || merged._deleted)
    return own
  const items = uniteItems(own, merged.items as CartItem[])
  await w.write(collection, [
    { ...(survivor ?? {}), id: survivorId, customerId: survivorId, items, updatedAt: at, _deleted: false },
    { ...merged, items: [], updatedAt: at, _deleted: true },
  ])
  return items
}

async function queueMergedEvent(w: Writer, survivorId: string, mergedId: string, meta: MergeMeta, at: string, items: { cart: CartItem[], wishlist: CartItem[] }): Promise<void> {
  const { rows } = await w.query<{ seq: string }>(`SELECT seq::text AS seq FROM docs WHERE collection = 'customers' AND id = $1`, [mergedId])
  const seq = rows[0]!.seq
  const event = {
    id: `clienteling:customers:${mergedId}:merged`,
    type: 'customer.merged',
    occurredAt: at,
    data: { survivorId, mergedId, reason: meta.reason, cartItems: items.cart, wishlistItems: items.wishlist },
  }
  // Keyed on the merged customer, after any of their own earlier events.
  await w.query(
    `INSERT INTO commerce_outbox (id, event_type, payload, doc_key, seq) VALUES ($1, $2, $3::jsonb, $4, $5::bigint) ON CONFLICT (id) DO NOTHING`,
    [event.id, event.type, JSON.stringify(event), customerKey(mergedId), seq],
  )
}
