/**
 * Online lookup across all stores, for customers outside this store's book. Uses the same
 * normalisation as the tablet, and returns only what an associate needs to recognise the
 * person: contact details are masked. And the store's own book, for a new tablet whose
 * customers have not arrived yet.
 */
import type { BookSearchHit, CustomerSearchHit } from '../../src/shared/protocol'
import type { SearchQuery } from '../../src/shared/search'
import type { CustomerDoc } from '../../src/shared/types'
import type { Sql } from './db'
import { maskEmail, maskPhone } from '../../src/shared/mask'
import { nameMatches, parseSearchQuery } from '../../src/shared/search'

const LIMIT = 10

/**
 * The SQL condition (on `d.data`) for what was typed, its parameter `$2`; null: nothing to look
 * up. A loyalty id is a prefix in the store's own book, as on the tablet, and whole across stores.
 */
function keyCondition(query: SearchQuery, loyalty: 'prefix' | 'whole'): [string, unknown[]] | null {
  const first = 2
  switch (query.kind) {
    case 'empty':
      return null
    case 'email':
      return [`d.data->>'emailKey' = $${first}`, [query.key]]
    case 'phone':
      return [`d.data->>'phoneKey' = $${first}`, [query.key]]
    case 'loyalty':
      return loyalty === 'whole'
        ? [`d.data->>'loyaltyKey' = $${first}`, [query.key]]
        : [`d.data->>'loyaltyKey' LIKE $${first}`, [`${escapeLike(query.key)}%`]]
    case 'name': {
      const prefix = `${escapeLike(query.tokens[0]!)}%`
      return [`(d.data->>'nameKey' LIKE $${first} OR d.data->>'nameKeyAlt' LIKE $${first})`, [prefix]]
    }
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&')
}

/** A name query's candidates are read by the first word's prefix and kept if every word matches. */
function matching<T extends { data: CustomerDoc }>(query: SearchQuery, rows: T[]): T[] {
  return rows.filter(r => query.kind !== 'name' || nameMatches(r.data.nameKey, query.tokens) || nameMatches(r.data.nameKeyAlt, query.tokens))
}

export async function searchCustomers(sql: Sql, storeId: string, raw: string): Promise<CustomerSearchHit[]> {
  const query = parseSearchQuery(raw)
  const condition = keyCondition(query, 'whole')
  if (!condition)
    return []
  const [where, params] = condition
  const { rows } = await sql.query<{ data: CustomerDoc, in_book: boolean }>(`
    SELECT d.data, b.store_id IS NOT NULL AS in_book FROM docs d
    LEFT JOIN book b ON b.store_id = $1 AND b.customer_id = d.id
    WHERE d.collection = 'customers' AND NOT d.deleted AND ${where}
    ORDER BY d.data->>'nameKey' LIMIT 200`, [storeId, ...params])
  return matching(query, rows)
    .slice(0, LIMIT)
    .map(({ data, in_book }) => ({
      id: data.id,
      firstName: data.firstName,
      lastName: data.lastName,
      email: maskEmail(data.email, 1) || null,
      phone: maskPhone(data.phone, 3) || null,
      loyaltyId: data.loyaltyId,
      homeStoreId: data.homeStoreId,
      inBook: in_book,
    }))
}

/** As many as the tablet's own lookup lists (src/db/customers.ts). */
const BOOK_LIMIT = 50

/**
 * The store's own book, searched as the tablet's lookup searches it (prefixes of names and
 * loyalty ids, whole e-mails and phones), for a new tablet whose customers are still on their
 * way: only customers the store's tablets are sent (`scope_index`), so nothing a pull of this
 * tablet would not bring a moment later.
 */
export async function searchBook(sql: Sql, storeId: string, raw: string): Promise<BookSearchHit[]> {
  const query = parseSearchQuery(raw)
  const condition = keyCondition(query, 'prefix')
  if (!condition)
    return []
  const [where, params] = condition
  const { rows } = await sql.query<{ data: CustomerDoc }>(`
    SELECT d.data FROM docs d
    JOIN scope_index s ON s.store_id = $1 AND s.collection = 'customers' AND s.id = d.id
    WHERE d.collection = 'customers' AND NOT d.deleted AND ${where}
    ORDER BY d.data->>'nameKey' LIMIT 250`, [storeId, ...params])
  return matching(query, rows).slice(0, BOOK_LIMIT).map(({ data }) => {
    const { id, firstName, lastName, email, phone, loyaltyId, tier, homeStoreId, nameKey, nameKeyAlt } = data
    return { id, firstName, lastName, email, phone, loyaltyId, tier, homeStoreId, nameKey, nameKeyAlt }
  })
}
