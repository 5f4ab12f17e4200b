/**
 * The 360° profile for the retailer's other touchpoints, as a store's tablet holds it: the
 * customer (contact, consents, tier, lifetime value, preferences and sizes, tags), their cart
 * and wishlist, orders from every channel, visits with what happened in them — minus the notes
 * the associates kept private — and the notes shared beyond the store. A merged-away id
 * answers with the survivor; the lookup uses the tablet's own normalisation of phone and e-mail.
 */
import type { CartDoc, CustomerDoc, InteractionDoc, OrderDoc, ProductDoc, VisitDoc } from '../../src/shared/types'
import type { ApiProfile, ContactMatch, ContactProfile } from '../../src/shared/endpoints'
import type { Sql } from '../storage/db'
import { emailKey, phoneKey } from '../../src/shared/search'
import { AppError } from '../../src/shared/errors'
import { CUSTOMER_SEARCH_KEYS } from '../../src/shared/schemas/customers'
import { survivorIds } from '../identity/resolve'

export type Profile = ApiProfile

const isPrivateNote = (i: InteractionDoc) => i.type === 'note' && i.shared !== true

/** The live customer an id names now: itself, or the one it was merged into (a merge repoints older tombstones too, so one hop). */
export async function liveCustomer(sql: Sql, id: string): Promise<CustomerDoc | null> {
  const current = (await survivorIds(sql, [id])).get(id) ?? id
  const { rows } = await sql.query<{ data: CustomerDoc }>(`SELECT data FROM docs WHERE collection = 'customers' AND id = $1 AND NOT deleted`, [current])
  return rows[0]?.data ?? null
}

/** The live customer an id names, and their cart, wishlist, orders, visits and interactions, by collection. */
async function customerDocuments(sql: Sql, id: string): Promise<{ customer: CustomerDoc, of: <T>(collection: string) => T[] }> {
  const customer = await liveCustomer(sql, id)
  if (!customer)
    throw new AppError('not-found', `There is no customer ${id}.`)
  const { rows } = await sql.query<{ collection: string, data: Record<string, unknown> }>(
    `SELECT collection, data FROM docs WHERE NOT deleted AND (customer_id = $1 OR (collection IN ('carts', 'wishlists') AND id = $1)) AND collection IN ('carts', 'wishlists', 'orders', 'visits', 'interactions')`,
    [customer.id])
  return { customer, of: <T>(collection: string) => rows.filter(r => r.collection === collection).map(r => r.data as T) }
}

export async function readProfile(sql: Sql, id: string): Promise<Profile> {
  const { customer, of } = await customerDocuments(sql, id)
  const interactions = of<InteractionDoc>('interactions').filter(i => !isPrivateNote(i)).sort((a, b) => a.at.localeCompare(b.at))
  const shown = Object.fromEntries(Object.entries(customer).filter(([k]) => !(CUSTOMER_SEARCH_KEYS as readonly string[]).includes(k))) as Profile['customer']
  return {
    customer: shown,
    cart: of<CartDoc>('carts')[0]?.items ?? [],
    wishlist: of<CartDoc>('wishlists')[0]?.items ?? [],
    orders: of<OrderDoc>('orders').sort((a, b) => b.placedAt.localeCompare(a.placedAt)),
    visits: of<VisitDoc>('visits').sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map(v => ({ ...v, interactions: interactions.filter(i => i.visitId === v.id) })),
    notes: interactions.filter(i => i.type === 'note').reverse(),
  }
}

/** A contact centre's screen-pop: the customers with this phone or e-mail, normalised as the tablet's lookup does. */
export async function findCustomers(sql: Sql, query: { phone?: string, email?: string }): Promise<{ id: string, firstName: string, lastName: string, homeStoreId: string | null }[]> {
  const key = query.phone ? phoneKey(query.phone) : query.email ? emailKey(query.email) : ''
  if (!key)
    throw new AppError('invalid-request', 'Ask with ?phone=… or ?email=….')
  const field = query.phone ? 'phoneKey' : 'emailKey'
  const { rows } = await sql.query<{ data: CustomerDoc }>(
    `SELECT data FROM docs WHERE collection = 'customers' AND NOT deleted AND data->>'${field}' = $1 AND data->>'mergedInto' IS NULL ORDER BY id LIMIT 20`, [key])
  return rows.map(({ data: c }) => ({ id: c.id, firstName: c.firstName, lastName: c.lastName, homeStoreId: c.homeStoreId }))
}

/**
 * The documents a contact-centre agent's screen builds the profile from, as a tablet does
 * (src/models/profile.ts): every store's visits and orders, shared notes only, and the names
 * of the stores, associates and products they mention.
 */
export async function readContactProfile(sql: Sql, id: string): Promise<ContactProfile> {
  const { customer, of } = await customerDocuments(sql, id)
  const cart = of<CartDoc>('carts')[0] ?? null
  const wishlist = of<CartDoc>('wishlists')[0] ?? null
  const orders = of<OrderDoc>('orders')
  const visits = of<VisitDoc>('visits')
  const interactions = of<InteractionDoc>('interactions').filter(i => !isPrivateNote(i))
  const skus = [...new Set([...cart?.items ?? [], ...wishlist?.items ?? [], ...interactions].map(x => x.sku).filter((s): s is string => !!s))]
  const people = [...new Set([...visits, ...interactions, ...orders].map(x => x.associateId).concat([...cart?.items ?? [], ...wishlist?.items ?? []].map(i => i.addedBy)).filter((a): a is string => !!a))]
  const names = await sql.query<{ collection: string, id: string, data: Record<string, unknown> }>(
    `SELECT collection, id, data FROM docs WHERE NOT deleted AND (
       (collection = 'products' AND data->>'sku' = ANY($1::text[])) OR (collection = 'associates' AND id = ANY($2::text[])) OR (collection = 'stores' AND data->>'kind' = 'store'))`,
    [skus, people])
  const named = (collection: string) => names.rows.filter(r => r.collection === collection)
  return {
    customer,
    cart,
    wishlist,
    orders,
    visits,
    interactions,
    products: named('products').map(r => r.data as unknown as ProductDoc),
    stores: named('stores').map(r => ({ id: r.id, name: String(r.data.name) })),
    associates: named('associates').map(r => ({ id: r.id, displayName: String(r.data.displayName) })),
  }
}

/** The callers with this phone or e-mail, for a contact-centre agent: with the name of their home store. */
export async function findContactMatches(sql: Sql, query: { phone?: string, email?: string }): Promise<ContactMatch[]> {
  const found = await findCustomers(sql, query)
  const stores = [...new Set(found.map(c => c.homeStoreId).filter((s): s is string => !!s))]
  const { rows } = await sql.query<{ id: string, name: string }>(`SELECT id, data->>'name' AS name FROM docs WHERE collection = 'stores' AND id = ANY($1::text[])`, [stores])
  const names = new Map(rows.map(r => [r.id, r.name]))
  return found.map(c => ({ ...c, homeStoreName: c.homeStoreId ? names.get(c.homeStoreId) ?? null : null }))
}
