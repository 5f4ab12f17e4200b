/**
 * Schema validation on the tablet (ajv, the shared JSON schemas), as a storage wrapper
 * outside every other one, so it sees the plain document.
 *
 * - Compiled ahead of time (scripts/generate-validators.ts → ./generated/validators.js):
 *   compiling at run time needs `new Function`, which the app's Content-Security-Policy
 *   forbids. The compiled module is loaded on the first write, so it is not in the way of
 *   the lock screen or the first search; a schema that no longer matches what was compiled
 *   fails that write loudly rather than going unchecked.
 * - The app's collections only. RxDB's own storage instances (each replication's meta
 *   instance, its internal store) hold what RxDB itself wrote; validating them compiled each
 *   meta schema on the way to the first search and validated every pulled document twice.
 * - Not the first download (`SERVER_STATE_WRITE`, ./bootstrap.ts): those are the server's
 *   documents, each validated with the same schemas on its way into the server. Checking
 *   them again cost a tenth of the download's time, and a tablet that refused one could not
 *   repair it, only stall its download on it.
 */
import type { RxJsonSchema, RxStorage, RxStorageInstance } from 'rxdb'
import type { CollectionName } from '../shared/types'
import { getPrimaryFieldOfPrimaryKey } from 'rxdb'
import { COLLECTIONS } from '../shared/collections'
import { canonicalJson } from '../shared/equal'

/** The context of a write of documents exactly as the server sent them. */
export const SERVER_STATE_WRITE = 'clienteling-bootstrap'

/** ajv's errors, as RxDB's own validate-ajv plugin reports them in a 422 */
type ValidationErrors = Awaited<ReturnType<AnyInstance['bulkWrite']>>['error'][number] extends infer E ? E extends { validationErrors?: infer V } ? NonNullable<V> : never : never
type Validate = (doc: unknown) => ValidationErrors

async function validatorFor(collection: CollectionName, schema: RxJsonSchema<unknown>): Promise<Validate> {
  const module = await import('./generated/validators.js')
  const compiled = module[collection]
  if (module.fingerprints[collection] !== canonicalJson(schema))
    throw new Error(`The ${collection} validator was compiled for another schema: run npm run generate:validators.`)
  // RxDB types these as its own RxValidationError, but its validate-ajv plugin hands on ajv's errors as they are: so do we.
  return doc => (compiled(doc) ? [] : [...(compiled.errors ?? [])] as unknown as ValidationErrors)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- RxStorage's internals differ per storage
type AnyInstance = RxStorageInstance<any, any, any>

function validating(instance: AnyInstance, collection: CollectionName, schema: RxJsonSchema<unknown>): AnyInstance {
  const primaryPath = getPrimaryFieldOfPrimaryKey(instance.schema.primaryKey) as string
  const write = instance.bulkWrite.bind(instance)
  let validate: Validate | undefined
  instance.bulkWrite = async (rows, context) => {
    if (context === SERVER_STATE_WRITE)
      return await write(rows, context)
    validate ??= await validatorFor(collection, schema)
    const refused: Awaited<ReturnType<AnyInstance['bulkWrite']>>['error'] = []
    const valid: typeof rows = []
    for (const row of rows) {
      const validationErrors = validate(row.document)
      if (validationErrors.length) {
        const documentId = String(row.document[primaryPath])
        refused.push({ status: 422, isError: true, documentId, validationErrors, schema: instance.schema, writeRow: row, context })
      }
      else {
        valid.push(row)
      }
    }
    const result = valid.length ? await write(valid, context) : { error: [] }
    return { ...result, error: [...result.error, ...refused] }
  }
  return instance
}

export function validatingAppCollections<I, C>(storage: RxStorage<I, C>): RxStorage<I, C> {
  const names: readonly string[] = COLLECTIONS
  const isAppCollection = (name: string): name is CollectionName => names.includes(name)
  return {
    ...storage,
    name: `validate-ajv-${storage.name}`,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params)
      return isAppCollection(params.collectionName) ? validating(instance, params.collectionName, params.schema as RxJsonSchema<unknown>) as typeof instance : instance
    },
  }
}
