/**
 * Conflict resolution per collection (docs/DESIGN.md, invariant 3), for RxDB's conflict
 * handler on the tablet and for anyone else who needs the same answer.
 *
 * RxDB's bookkeeping (`_meta`, `_rev`) is stripped first: it is local and must not leak
 * into a merge. A master that already equals the tablet's state is a replay, and the
 * master is the answer, as is a master the server deleted. Orders and interactions never change once written and the
 * server-owned collections are the server's, so there the master always wins.
 *
 * The handler is typed structurally so `src/shared` needs no rxdb import; it is
 * assignable to RxDB 17's `RxConflictHandler<T>`.
 */
import type { CollectionName, DocTypes, WithDeleted } from '../types'
import { isCollectionName } from '../collections'
import { deepEqual, sameDocument, stripLocal } from '../equal'
import { AppError } from '../errors'
import { mergeAppointment } from './appointment'
import { mergeCustomer } from './customer'
import { mergeItems } from './items'
import { mergeTask } from './task'
import { mergeVisit } from './visit'

export { compareIso, laterIso, mergeDeleted, mergeFields, mergeSet, type FieldRules } from './fields'
export { mergeAppointment } from './appointment'
export { mergeConsent, mergeConsents, mergeCustomer } from './customer'
export { identityTombstone, mergeIdentities, survivorOf, uniteItems } from './identity'
export { itemKey, mergeItemList, mergeItems } from './items'
export { mergeTask } from './task'
export { mergeVisit } from './visit'

export interface MergeInput<T> {
  assumedMasterState?: WithDeleted<T> | null
  realMasterState: WithDeleted<T>
  newDocumentState: WithDeleted<T>
}

export interface ConflictHandler<T> {
  isEqual: (a: WithDeleted<T>, b: WithDeleted<T>) => boolean
  resolve: (input: MergeInput<T>) => Promise<WithDeleted<T>>
}

type Merge<T> = (assumed: WithDeleted<T> | null, master: WithDeleted<T>, next: WithDeleted<T>) => WithDeleted<T>

function masterWins<T>(_assumed: unknown, master: WithDeleted<T>): WithDeleted<T> {
  return structuredClone(master)
}

const merges: { [C in CollectionName]: Merge<DocTypes[C]> } = {
  stores: masterWins,
  associates: masterWins,
  products: masterWins,
  inventory: masterWins,
  customers: mergeCustomer,
  carts: mergeItems,
  wishlists: mergeItems,
  orders: masterWins,
  visits: mergeVisit,
  interactions: masterWins,
  tasks: mergeTask,
  outreach: masterWins,
  appointments: mergeAppointment,
}

export function mergeDocument<C extends CollectionName>(
  collection: C,
  input: MergeInput<DocTypes[C]>,
): WithDeleted<DocTypes[C]> {
  if (!isCollectionName(collection))
    throw new AppError('unknown-collection', `There is no collection called "${String(collection)}".`)
  const master = stripLocal(input.realMasterState)
  const next = stripLocal(input.newDocumentState)
  // A deletion on the master is the server's (an erasure, a profile merged into another):
  // it stands whole, or the tablet's copy of the data would come back to life.
  if (deepEqual(master, next) || master._deleted === true)
    return structuredClone(master)
  const assumed = input.assumedMasterState ? stripLocal(input.assumedMasterState) : null
  const merge = merges[collection] as Merge<DocTypes[C]>
  return merge(assumed, master, next)
}

/**
 * A customer's e-mail and phone search keys are derived from the e-mail and phone, and the
 * tablet stores them blind (src/db/sealed-storage.ts): they say nothing the fields don't.
 */
function withoutContactKeys<T>(doc: T): T {
  const { emailKey: _e, phoneKey: _p, ...rest } = doc as Record<string, unknown>
  return rest as T
}

export function conflictHandlerFor<C extends CollectionName>(collection: C): ConflictHandler<DocTypes[C]> {
  return {
    isEqual: collection === 'customers'
      ? (a, b) => sameDocument(withoutContactKeys(a), withoutContactKeys(b))
      : (a, b) => sameDocument(a, b),
    resolve: async input => mergeDocument(collection, input),
  }
}
