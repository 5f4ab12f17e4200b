/**
 * The tablet database's types: one typed RxCollection per replicated collection, so
 * stores get `db.customers.findOne(id)` typed as a CustomerDoc without casts.
 */
import type { RxCollection, RxDatabase } from 'rxdb'
import type { CollectionName, DocTypes } from '../shared/types'

export type ClientelingCollection<C extends CollectionName> = RxCollection<DocTypes[C]>

export type ClientelingCollections = { [C in CollectionName]: ClientelingCollection<C> }

export type ClientelingDatabase = RxDatabase<ClientelingCollections>
