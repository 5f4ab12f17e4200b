/**
 * Who may write what, and which documents a store's tablets receive.
 *
 * Scope: `global` documents go to every tablet; `store` documents to the tablets of their
 * store; `book` documents to the tablets of every store whose book holds their customer;
 * `store-or-book` to both. A store's book is the customers whose home store it is, who
 * visited or bought there, or whom an associate pinned there.
 */
import type { CollectionName } from './types'

export type Scope = 'global' | 'store' | 'book' | 'store-or-book'

export interface CollectionRules {
  scope: Scope
  /** false: only the server writes it (from commerce events or the CLI) */
  deviceWritable: boolean
  /** once written, the document never changes (the server may still update `mutableByServer`) */
  immutable: boolean
  /** fields a device may never change once the document exists */
  immutableFields: readonly string[]
  /** fields only the server writes: a device's value is ignored and the master's kept */
  serverFields: readonly string[]
  /**
   * The customer's history: the date that puts a document inside or outside the tablets'
   * window (`TABLET_HISTORY_MONTHS`); older documents stay on the server only.
   */
  historyField?: 'placedAt' | 'startedAt' | 'at'
}

export const COLLECTIONS: readonly CollectionName[] = [
  'stores',
  'associates',
  'products',
  'inventory',
  'customers',
  'carts',
  'wishlists',
  'orders',
  'visits',
  'interactions',
  'tasks',
  'outreach',
  'appointments',
]

/**
 * A new tablet's first download, in stages (issue 24): what the shop floor needs first. The
 * store, its staff and catalogue, with the store's tasks and appointments (Today and the
 * calendar read them) — from then on an associate can sign in, and a lookup asks the server
 * for the customers not yet on the tablet; then the customers themselves (the lookup is local
 * from then on); then carts, wishlists and messages; then the history. Each stage after the
 * one before, its collections side by side.
 *
 * Why sign-in comes before the customers: writing 100,000 customers with the lookup's indexes
 * into IndexedDB takes longer than a minute on a store's tablet (BENCHMARKS.md, issue 24), so
 * a tablet that waited for them could not serve anyone in its first minute.
 */
export const FIRST_DOWNLOAD_STAGES: readonly (readonly CollectionName[])[] = [
  ['stores', 'associates', 'products', 'inventory', 'tasks', 'appointments'],
  ['customers'],
  ['carts', 'wishlists', 'outreach'],
  ['orders', 'visits', 'interactions'],
]

/** The stage after which an associate can sign in (staff, store and catalogue are in). */
export const SIGN_IN_STAGE = 0

/** The stage after which the whole customer book is on the tablet: lookups are local only. */
export const CUSTOMERS_STAGE = 1

const serverOwned = { deviceWritable: false, immutable: false, immutableFields: [], serverFields: [] } as const

export const collectionRules: Record<CollectionName, CollectionRules> = {
  stores: { scope: 'global', ...serverOwned },
  associates: { scope: 'store', ...serverOwned },
  products: { scope: 'global', ...serverOwned },
  // Every store's stock (and the online warehouse's): an associate tells a customer which
  // other store has their size, offline too. A chain's catalogue × stores stays small.
  inventory: { scope: 'global', ...serverOwned },
  customers: {
    scope: 'book',
    deviceWritable: true,
    immutable: false,
    immutableFields: ['createdAt'],
    serverFields: ['lifetimeValueMinor', 'orderCount', 'mergedInto', 'otherContacts'],
  },
  carts: { scope: 'book', deviceWritable: true, immutable: false, immutableFields: ['customerId'], serverFields: [] },
  wishlists: { scope: 'book', deviceWritable: true, immutable: false, immutableFields: ['customerId'], serverFields: [] },
  orders: { scope: 'store-or-book', deviceWritable: true, immutable: true, immutableFields: [], serverFields: ['receipt'], historyField: 'placedAt' },
  visits: {
    scope: 'store-or-book',
    deviceWritable: true,
    immutable: false,
    immutableFields: ['storeId', 'associateId', 'startedAt'],
    serverFields: [],
    historyField: 'startedAt',
  },
  interactions: { scope: 'store-or-book', deviceWritable: true, immutable: true, immutableFields: [], serverFields: [], historyField: 'at' },
  // What a store's associates decided about a Today task: the store's own (another store
  // serving the same customer derives its own tasks).
  tasks: { scope: 'store', deviceWritable: true, immutable: false, immutableFields: ['storeId', 'customerId', 'kind', 'reason'], serverFields: [] },
  // Messages to customers: on the customer's timeline wherever they are served; the server
  // writes how the sending went and the clicks.
  outreach: { scope: 'store-or-book', deviceWritable: true, immutable: true, immutableFields: [], serverFields: ['status', 'reason', 'sentAt', 'clicks'] },
  // The store's calendar and the customer's appointments wherever they are served; the server
  // flags a double booking two offline tablets made (both are kept).
  appointments: { scope: 'store-or-book', deviceWritable: true, immutable: false, immutableFields: ['storeId', 'customerId', 'source', 'createdBy', 'createdAt'], serverFields: ['overlaps'] },
}

export function isCollectionName(value: string): value is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(value)
}
