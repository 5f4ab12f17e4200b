/**
 * Server-side validation with the very JSON schemas the tablet's RxDB uses, so a document
 * the tablet could store is one the server accepts, and nothing else.
 */
import type { ValidateFunction } from 'ajv'
import type { CollectionName } from '../../src/shared/types'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { COLLECTIONS } from '../../src/shared/collections'
import { schemas } from '../../src/shared/schemas'

const RXDB_ONLY_KEYS = ['version', 'primaryKey', 'indexes', 'keyCompression', 'encrypted', 'title']

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)

function toValidationSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...schema }
  for (const key of RXDB_ONLY_KEYS) delete copy[key]
  copy.properties = { ...(schema.properties as object), _deleted: { type: 'boolean' } }
  return copy
}

const validators = Object.fromEntries(
  COLLECTIONS.map(name => [name, ajv.compile(toValidationSchema(schemas[name]))]),
) as Record<CollectionName, ValidateFunction>

/** Returns null when valid, else a short human-readable list of problems. */
export function validateDocument(collection: CollectionName, doc: unknown): string | null {
  const validate = validators[collection]
  if (validate(doc))
    return null
  return (validate.errors ?? [])
    .slice(0, 5)
    .map(e => `${e.instancePath || '(document)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    .join('; ')
}

export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  return ajv.compile(schema)
}
