/**
 * Small builders for the RxDB JSON schemas. The same schema object is used by RxDB on the
 * tablet and by ajv on the server, so whatever it accepts is accepted by both sides.
 * RxDB needs maxLength on indexed strings and min/max/multipleOf on indexed numbers.
 */

export type JsonSchema = Record<string, unknown>

export const ID_MAX = 64
export const ISO_MAX = 40

export const str = (maxLength = 200, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', maxLength, ...extra })
export const nullableStr = (maxLength = 200): JsonSchema => ({ type: ['string', 'null'], maxLength })
export const id = (): JsonSchema => str(ID_MAX, { minLength: 1 })
export const iso = (): JsonSchema => str(ISO_MAX, { format: 'date-time' })
export const nullableIso = (): JsonSchema => ({ type: ['string', 'null'], maxLength: ISO_MAX, format: 'date-time' })
export const int = (minimum = 0, maximum = 1_000_000_000_000): JsonSchema => ({ type: 'integer', minimum, maximum, multipleOf: 1 })
export const bool = (): JsonSchema => ({ type: 'boolean' })
export const enumOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values], maxLength: 32 })
export const strArray = (maxItems = 50, maxLength = 100): JsonSchema => ({ type: 'array', maxItems, items: { type: 'string', maxLength } })

export function obj(properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema {
  return { type: 'object', additionalProperties: false, properties, required }
}

export function collectionSchema(
  title: string,
  properties: Record<string, JsonSchema>,
  options: { required?: string[], indexes?: (string | string[])[], version?: number } = {},
): JsonSchema {
  return {
    title,
    // A new version needs a migration strategy on the tablet (src/db/database.ts).
    version: options.version ?? 0,
    primaryKey: 'id',
    type: 'object',
    additionalProperties: false,
    properties: { id: id(), updatedAt: iso(), ...properties },
    required: options.required ?? ['id', 'updatedAt', ...Object.keys(properties)],
    indexes: options.indexes ?? [],
  }
}
