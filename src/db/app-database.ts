/**
 * The app's one database: RxDB on IndexedDB (Dexie storage), opened once and shared by the
 * stores. Tests hand in their own (memory storage) with `useDatabase`.
 */
import type { ClientelingDatabase } from './types'
import { createDatabase } from './database'

let current: Promise<ClientelingDatabase> | null = null

export const APP_DATABASE_NAME = 'clienteling'

export function getAppDatabase(): Promise<ClientelingDatabase> {
  if (!current) {
    current = import('rxdb/plugins/storage-dexie').then(({ getRxStorageDexie }) =>
      createDatabase({ storage: getRxStorageDexie(), name: APP_DATABASE_NAME, multiInstance: true }),
    )
    current.catch(() => {
      current = null
    })
  }
  return current
}

/** For tests: make `getAppDatabase` return this database. */
export function useDatabase(db: ClientelingDatabase | null): void {
  current = db ? Promise.resolve(db) : null
}

/** Closes and deletes the local database (device reset or revocation). */
export async function removeAppDatabase(): Promise<void> {
  const db = current ? await current.catch(() => null) : null
  current = null
  if (db)
    await db.remove()
}
