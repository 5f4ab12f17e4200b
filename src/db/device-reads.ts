/**
 * The device's own reads of the local database: its store document and how many
 * documents each collection holds (first-sync progress after a restart).
 */
import type { Observable } from 'rxjs'
import type { CollectionName, StoreDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { map } from 'rxjs'
import { COLLECTIONS } from '../shared/collections'

export function observeStore(db: ClientelingDatabase, storeId: string): Observable<StoreDoc | null> {
  return db.stores.findOne(storeId).$.pipe(map(doc => (doc ? doc.toMutableJSON() as StoreDoc : null)))
}

export async function localCounts(db: ClientelingDatabase): Promise<Record<CollectionName, number>> {
  const entries = await Promise.all(COLLECTIONS.map(async c => [c, await db[c].count().exec()] as const))
  return Object.fromEntries(entries) as Record<CollectionName, number>
}
