/**
 * One customer's orders, visits and interactions as a store's tablets are sent them, read at
 * once (issue 24): for a profile opened on a new tablet before the first download's history
 * has arrived, and for the purchases older than the tablets' history window. The same scope
 * as the pull (the store's `scope_index` entries, so never another store's private notes) and
 * the same dates (`scope_index.at`). Walk-in documents later linked to the customer through a
 * visit are left out: the profile on the tablet finds them once the history is there.
 */
import type { CartDoc, CustomerDoc, InteractionDoc, OrderDoc, VisitDoc, WishlistDoc } from '../../src/shared/types'
import type { Sql } from './db'

export interface CustomerHistory {
  orders: OrderDoc[]
  visits: VisitDoc[]
  interactions: InteractionDoc[]
  /** with the window's history only (no `before`): the customer, their cart and wishlist, for a tablet whose download has not brought them */
  customer: CustomerDoc | null
  cart: CartDoc | null
  wishlist: WishlistDoc | null
}

/** null when the customer is not in the store's book. `from`/`before` bound the documents' dates. */
export async function readCustomerHistory(sql: Sql, request: { storeId: string, customerId: string, from: string | null, before: string | null }): Promise<CustomerHistory | null> {
  const { rows: inBook } = await sql.query(`SELECT 1 FROM scope_index WHERE store_id = $1 AND collection = 'customers' AND id = $2`, [request.storeId, request.customerId])
  if (!inBook.length)
    return null
  const { rows } = await sql.query<{ collection: string, data: unknown }>(
    `SELECT d.collection, d.data FROM docs d
       JOIN scope_index s ON s.store_id = $1 AND s.collection = d.collection AND s.id = d.id
     WHERE d.customer_id = $2 AND d.collection IN ('orders', 'visits', 'interactions') AND NOT d.deleted
       AND ($3::timestamptz IS NULL OR s.at >= $3::timestamptz)
       AND ($4::timestamptz IS NULL OR s.at < $4::timestamptz)`,
    [request.storeId, request.customerId, request.from, request.before])
  const { rows: own } = request.before !== null
    ? { rows: [] }
    : await sql.query<{ collection: string, data: unknown }>(
        `SELECT d.collection, d.data FROM docs d
         JOIN scope_index s ON s.store_id = $1 AND s.collection = d.collection AND s.id = d.id
       WHERE d.customer_id = $2 AND d.collection IN ('customers', 'carts', 'wishlists') AND NOT d.deleted`,
        [request.storeId, request.customerId])
  const of = <T>(collection: string) => rows.filter(r => r.collection === collection).map(r => r.data as T)
  const one = <T>(collection: string) => (own.find(r => r.collection === collection)?.data ?? null) as T | null
  return {
    orders: of<OrderDoc>('orders'),
    visits: of<VisitDoc>('visits'),
    interactions: of<InteractionDoc>('interactions'),
    customer: one<CustomerDoc>('customers'),
    cart: one<CartDoc>('carts'),
    wishlist: one<WishlistDoc>('wishlists'),
  }
}
