/**
 * Schema validation on the tablet (ajv, the shared JSON schemas), as a storage wrapper
 * outside every other one, so it sees the plain document.
 *
 * - Compiled on a collection's first write. RxDB's own plugin compiles every collection's
 *   validator as soon as the page is idle, and on a cold start the page is "idle" while the
 *   lock screen waits on IndexedDB: ten schemas, ~200 ms on a tablet, in the way of the
 *   first search. A collection nobody writes to in a session never compiles one.
 * - The app's collections only. RxDB's own storage instances (each replication's meta
 *   instance, its internal store) hold what RxDB itself wrote; validating them compiled each
 *   meta schema on the way to the first search and validated every pulled document twice.
 * - Not the first download (`SERVER_STATE_WRITE`, ./bootstrap.ts): those are the server's
 *   documents, each validated with the same schemas on its way into the server. Checking
 *   them again cost a tenth of the download's time, and a tablet that refused one could not
 *   repair it, only stall its download on it.
 */
import type { RxJsonSchema, RxStorage, RxStorageInstance } from 'rxdb'
import { getPrimaryFieldOfPrimaryKey } from 'rxdb'
import { getValidator } from 'rxdb/plugins/validate-ajv'
import { COLLECTIONS } from '../shared/collections'

/** The context of a write of documents exactly as the server sent them. */
export const SERVER_STATE_WRITE = 'clienteling-bootstrap'

type Validate = ReturnType<typeof getValidator>
const compiled = new Map<string, Validate>()

function validatorFor(schema: RxJsonSchema<unknown>): Validate {
  const key = JSON.stringify(schema)
  let validate = compiled.get(key)
  if (!validate) {
    validate = getValidator(schema)
    compiled.set(key, validate)
  }
  return validate
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- RxStorage's internals differ per storage
type AnyInstance = RxStorageInstance<any, any, any>

function validating(instance: AnyInstance, schema: RxJsonSchema<unknown>): AnyInstance {
  const primaryPath = getPrimaryFieldOfPrimaryKey(instance.schema.primaryKey) as string
  const write = instance.bulkWrite.bind(instance)
  let validate: Validate | undefined
  instance.bulkWrite = async (rows, context) => {
    if (context === SERVER_STATE_WRITE)
      return await write(rows, context)
    validate ??= validatorFor(schema)
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
  return {
    ...storage,
    name: `validate-ajv-${storage.name}`,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params)
      return names.includes(params.collectionName) ? validating(instance, params.schema as RxJsonSchema<unknown>) as typeof instance : instance
    },
  }
}
