/**
 * The tablet's database: the thirteen replicated collections on whatever RxStorage the caller
 * passes (Dexie in the app, memory in Node tests). Schema validation wraps the storage
 * from the outside, so any later wrapper (encryption, key compression) sits inside it and
 * validation always sees the plain document (see docs/DESIGN.md, Known pitfalls).
 */
import type { RxCollectionCreator, RxJsonSchema, RxStorage } from 'rxdb'
import type { Birthday, CollectionName, DocTypes } from '../shared/types'
import type { ClientelingCollections, ClientelingDatabase } from './types'
import { addRxPlugin, createRxDatabase } from 'rxdb'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import { COLLECTIONS } from '../shared/collections'
import { conflictHandlerFor } from '../shared/merge'
import { withFirstDownloadBases } from './first-download-base'
import { schemas } from '../shared/schemas'
import { birthdayKey } from '../shared/search'
import { blind } from '../platform/book-lock'
import { wrappedSealedStorage } from './sealed-storage'
import { validatingAppCollections } from './validation'

export type { ClientelingCollections, ClientelingDatabase } from './types'

export interface CreateDatabaseOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RxStorage's internals differ per storage
  storage: RxStorage<any, any>
  name?: string
  /** false in Node tests; true in the browser, where tabs share the database and elect a leader */
  multiInstance?: boolean
  /** RxDB's dev-mode checks (schemas, queries, frozen documents); slow, never in production */
  devMode?: boolean
  /** contact fields sealed with the book key (./sealed-storage.ts): the app's database, not Node tests' */
  sealed?: boolean
}

const sealedDatabases = new WeakSet<object>()

/**
 * The stored form of an e-mail or phone search key, for a query: blind in a sealed
 * database (it needs the book key), as is otherwise.
 */
export async function storedSearchKey(db: ClientelingDatabase, field: 'emailKey' | 'phoneKey', value: string): Promise<string> {
  return sealedDatabases.has(db) ? blind(field, value) : value
}

let devModeAdded = false
addRxPlugin(RxDBMigrationSchemaPlugin)

/**
 * How a document stored under an older schema version becomes the current one. Every
 * version so far only added optional fields or an index, so the documents stay as they are.
 */
const migrations: Partial<Record<CollectionName, Record<number, (doc: unknown) => unknown>>> = {
  orders: { 1: doc => doc, 2: doc => doc },
  customers: { 1: doc => doc, 2: doc => doc, 3: doc => doc, 4: doc => ({ ...(doc as object), birthdayKey: birthdayKey((doc as { birthday?: Birthday | null }).birthday) }), 5: doc => doc },
  stores: { 1: doc => doc, 2: doc => doc, 3: doc => doc, 4: doc => doc },
  products: { 1: doc => doc },
  tasks: { 1: doc => doc },
  visits: { 1: doc => doc },
  interactions: { 1: doc => doc, 2: doc => doc, 3: doc => doc },
  associates: { 1: doc => doc, 2: doc => doc },
}

async function addDevMode() {
  if (devModeAdded)
    return
  // Imported on demand so the production bundle doesn't carry it.
  const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode')
  disableWarnings()
  addRxPlugin(RxDBDevModePlugin)
  devModeAdded = true
}

function collectionCreator<C extends CollectionName>(name: C): RxCollectionCreator<DocTypes[C]> {
  return {
    // The shared schemas are plain JSON Schema (ajv on the server reads the same object).
    schema: schemas[name] as unknown as RxJsonSchema<DocTypes[C]>,
    conflictHandler: conflictHandlerFor(name),
    migrationStrategies: migrations[name] ?? {},
  }
}

export async function createDatabase({
  storage,
  name = 'clienteling',
  multiInstance = true,
  devMode = false,
  sealed = false,
}: CreateDatabaseOptions): Promise<ClientelingDatabase> {
  if (devMode)
    await addDevMode()
  const db: ClientelingDatabase = await createRxDatabase<ClientelingCollections>({
    name,
    storage: withFirstDownloadBases(validatingAppCollections(sealed ? wrappedSealedStorage({ storage }) : storage)),
    multiInstance,
  })
  try {
    const creators = Object.fromEntries(COLLECTIONS.map(c => [c, collectionCreator(c)])) as {
      [C in CollectionName]: RxCollectionCreator<DocTypes[C]>
    }
    await db.addCollections(creators)
    if (sealed)
      sealedDatabases.add(db)
  }
  catch (error) {
    // Close so a retry with the same name isn't refused as a duplicate database (DB8).
    await db.close()
    throw error
  }
  return db
}
