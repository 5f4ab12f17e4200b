/**
 * Index reads in one request. RxDB's Dexie storage answers every query with an IndexedDB
 * cursor and one `continue()` per document: for a name lookup's two ranges of 50 that is
 * 100 round trips to the browser's IndexedDB backend, and on a tablet's disk they are most
 * of the lookup's time. When the index alone answers a query (the selector is the index
 * range and the sort is the index order, as for every lookup in ./customers.ts), the same
 * documents come from `IDBIndex.getAll(range, skip + limit)` in one request. Any other
 * query (one that needs filtering or sorting after the read) goes to RxDB's cursor.
 */
import type { DexieStorageInternals, PreparedQuery, RxStorage, RxStorageInstance, RxStorageInstanceCreationParams, RxStorageQueryResult } from 'rxdb'
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan } from 'rxdb/plugins/storage-dexie'

/** Does the index range answer the query by itself, in order? */
export function indexAnswers(prepared: PreparedQuery<unknown>): boolean {
  const plan = prepared.queryPlan
  return plan.selectorSatisfiedByIndex && plan.sortSatisfiedByIndex
}

async function readIndex<T>(internals: DexieStorageInternals, prepared: PreparedQuery<T>): Promise<RxStorageQueryResult<T>> {
  const state = await internals
  const plan = prepared.queryPlan
  const skip = prepared.query.skip ?? 0
  const limit = typeof prepared.query.limit === 'number' ? prepared.query.limit : Infinity
  let range: IDBKeyRange
  try {
    range = getKeyRangeByQueryPlan(state.booleanIndexes, plan, state.dexieDb._options.IDBKeyRange)
  }
  catch (error) {
    // As RxDB's own query: a range IndexedDB cannot express matches nothing.
    if ((error as Error).name === 'DataError')
      return { documents: [] }
    throw error
  }
  const indexName = `[${plan.index.map(field => dexieReplaceIfStartsWithPipe(field)).join('+')}]`
  let rows: unknown[] = []
  await state.dexieDb.transaction('r', state.dexieTable, async (tx: { idbtrans: IDBTransaction }) => {
    const index = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName)
    const request = index.getAll(range, Number.isFinite(limit) ? skip + limit : undefined)
    rows = await new Promise<unknown[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  })
  return { documents: rows.slice(skip).map(row => fromDexieToStorage(state.booleanIndexes, row)) as RxStorageQueryResult<T>['documents'] }
}

/** RxDB's Dexie storage, its index-answered queries read with one `getAll`. */
export function withIndexReads<C>(storage: RxStorage<DexieStorageInternals, C>): RxStorage<DexieStorageInternals, C> {
  return {
    ...storage,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, C>) {
      const instance: RxStorageInstance<RxDocType, DexieStorageInternals, C> = await storage.createStorageInstance(params)
      const cursorQuery = instance.query.bind(instance)
      // The instance is RxDB's class: its own method is replaced, so `this` stays the instance everywhere else.
      instance.query = (prepared) => {
        if (!indexAnswers(prepared) || (instance as { closed?: unknown }).closed)
          return cursorQuery(prepared) // which also refuses a closed instance, with RxDB's error
        return readIndex(instance.internals, prepared)
      }
      return instance
    },
  }
}
