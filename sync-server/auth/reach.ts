/**
 * Which customers a manager answers for: those whose home store is the manager's own, or a
 * store head office granted them (`manager_stores`, an area manager). Being in the store's
 * book is not enough: any associate can pin another store's customer into it, and a pin must
 * not hand the pinning store's manager that customer's access log or their erasure.
 */
import type { CustomerDoc } from '../../src/shared/types'
import type { Sql } from '../storage/db'
import type { AssociateSession } from './sessions'

export async function managedStores(sql: Pick<Sql, 'query'>, manager: AssociateSession): Promise<Set<string>> {
  const { rows } = await sql.query<{ store_id: string }>('SELECT store_id FROM manager_stores WHERE associate_id = $1', [manager.associateId])
  return new Set([manager.storeId, ...rows.map(r => r.store_id)])
}

export async function managerAnswersFor(sql: Pick<Sql, 'query'>, manager: AssociateSession, customer: Pick<CustomerDoc, 'homeStoreId'>): Promise<boolean> {
  return customer.homeStoreId !== null && (await managedStores(sql, manager)).has(customer.homeStoreId)
}
