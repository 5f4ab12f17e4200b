/**
 * Online lookup across all stores, for customers outside this store's book. Uses the same
 * normalisation as the tablet, and returns only what an associate needs to recognise the
 * person: contact details are masked.
 */
import type { CustomerSearchHit } from '../../src/shared/protocol'
import type { CustomerDoc } from '../../src/shared/types'
import type { Sql } from './db'
import { maskEmail, maskPhone } from '../../src/shared/mask'
import { nameMatches, parseSearchQuery } from '../../src/shared/search'

const LIMIT = 10

export async function searchCustomers(sql: Sql, storeId: string, raw: string): Promise<CustomerSearchHit[]> {
  const query = parseSearchQuery(raw)
  let where: string
  let params: unknown[]
  switch (query.kind) {
    case 'empty':
      return []
    case 'email':
      [where, params] = [`data->>'emailKey' = $2`, [query.key]]
      break
    case 'phone':
      [where, params] = [`data->>'phoneKey' = $2`, [query.key]]
      break
    case 'loyalty':
      [where, params] = [`data->>'loyaltyKey' = $2`, [query.key]]
      break
    case 'name': {
      const prefix = `${query.tokens[0]!.replace(/[\\%_]/g, '\\$&')}%`
      ;[where, params] = [`(data->>'nameKey' LIKE $2 OR data->>'nameKeyAlt' LIKE $2)`, [prefix]]
      break
    }
  }
  const { rows } = await sql.query<{ data: CustomerDoc, in_book: boolean }>(`
    SELECT d.data, b.store_id IS NOT NULL AS in_book FROM docs d
    LEFT JOIN book b ON b.store_id = $1 AND b.customer_id = d.id
    WHERE d.collection = 'customers' AND NOT d.deleted AND ${where}
    ORDER BY d.data->>'nameKey' LIMIT 200`, [storeId, ...params])
  return rows
    .filter(r => query.kind !== 'name' || nameMatches(r.data.nameKey, query.tokens) || nameMatches(r.data.nameKeyAlt, query.tokens))
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
