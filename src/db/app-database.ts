/**
 * The app's one database: RxDB on IndexedDB (Dexie storage), opened once and shared by the
 * stores. Tests hand in their own (memory storage) with `useDatabase`.
 */
import type { ClientelingDatabase } from './types'

let current: Promise<ClientelingDatabase> | null = null
/** set by a remote wipe: nothing may open (and so re-create) the database before the page reloads */
let sealed = false

const APP_DATABASE_NAME = 'clienteling'

export function getAppDatabase(): Promise<ClientelingDatabase> {
  if (sealed)
    return Promise.reject(new Error('This tablet was wiped: its database is gone.'))
  if (!current) {
    // RxDB and Dexie load with the database, not with the app: the enrollment and lock screens draw first.
    current = Promise.all([import('./database'), import('rxdb/plugins/storage-dexie'), import('./rxdb-internals')]).then(([{ createDatabase }, { getRxStorageDexie }, { withIndexReads }]) =>
      createDatabase({ storage: withIndexReads(getRxStorageDexie()), name: APP_DATABASE_NAME, multiInstance: true, sealed: true }),
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

/** A wipe: remove the database and refuse to open it again in this page. */
export async function sealAppDatabase(): Promise<void> {
  sealed = true
  const db = current ? await current.catch(() => null) : null
  current = null
  if (db)
    await db.remove()
}
