/**
 * Small builders for the RxDB JSON schemas. The same schema object is used by RxDB on the
 * tablet and by ajv on the server, so whatever it accepts is accepted by both sides.
 * RxDB needs maxLength on indexed strings and min/max/multipleOf on indexed numbers.
 *
 * Each builder also carries, for the type checker only, the TypeScript type of what it
 * accepts: `DocOf<typeof customerSchema>` is the document the schema describes, and
 * ./check.ts fails the typecheck when it differs from the documented type in ../types.ts.
 * The JSON the builders produce is what RxDB hashes: a change to it needs a new version.
 */

export type JsonSchema = Record<string, unknown>

declare const accepts: unique symbol
/** A schema that accepts values of type T. */
export type Field<T> = JsonSchema & { readonly [accepts]?: T }
export type TypeOf<F> = F extends { readonly [accepts]?: infer T } ? T : never

type Flat<T> = { [K in keyof T]: T[K] } & {}
type Fields = Record<string, Field<unknown>>
/** An object of these properties, the `R` ones required. */
export type ObjectOf<P extends Fields, R extends keyof P> = Flat<{ [K in R]: TypeOf<P[K]> } & { [K in Exclude<keyof P, R>]?: TypeOf<P[K]> }>

const ID_MAX = 64
const ISO_MAX = 40

export const str = (maxLength = 200, extra: JsonSchema = {}): Field<string> => ({ type: 'string', maxLength, ...extra })
export const nullableStr = (maxLength = 200): Field<string | null> => ({ type: ['string', 'null'], maxLength })
export const id = (): Field<string> => str(ID_MAX, { minLength: 1 })
export const iso = (): Field<string> => str(ISO_MAX, { format: 'date-time' })
export const nullableIso = (): Field<string | null> => ({ type: ['string', 'null'], maxLength: ISO_MAX, format: 'date-time' })
export const int = (minimum = 0, maximum = 1_000_000_000_000): Field<number> => ({ type: 'integer', minimum, maximum, multipleOf: 1 })
export const bool = (): Field<boolean> => ({ type: 'boolean' })
export const enumOf = <const V extends string>(values: readonly V[]): Field<V> => ({ type: 'string', enum: [...values], maxLength: 32 })
/** A closed list or null (null must be in the list itself, or JSON Schema's enum refuses it). */
export const nullableEnumOf = <const V extends string>(values: readonly V[]): Field<V | null> => ({ type: ['string', 'null'], enum: [...values, null], maxLength: 32 })
export const strArray = (maxItems = 50, maxLength = 100): Field<string[]> => ({ type: 'array', maxItems, items: { type: 'string', maxLength } })

export function arrayOf<T>(items: Field<T>, bounds: { minItems?: number, maxItems: number }): Field<T[]> {
  return { type: 'array', ...bounds, items }
}

/** A map from any key to values of one schema (sizes per category). */
export function recordOf<T>(values: Field<T>, maxProperties: number): Field<Record<string, T>> {
  return { type: 'object', maxProperties, additionalProperties: values }
}

/** The same schema that also accepts null. */
export function nullable<T>(field: Field<T>): Field<T | null> {
  return { ...field, type: [field.type, 'null'] }
}

/** The property names of an object, typed: required lists built from a fields object. */
export const keysOf = <P extends object>(properties: P): (keyof P & string)[] => Object.keys(properties) as (keyof P & string)[]

export function obj<P extends Fields, R extends keyof P & string = keyof P & string>(properties: P, required?: readonly R[]): Field<ObjectOf<P, R>> {
  return { type: 'object', additionalProperties: false, properties, required: required ?? Object.keys(properties) }
}

/** An object whose properties are all optional (no `required` list at all). */
export function partialObj<P extends Fields>(properties: P): Field<ObjectOf<P, never>> {
  return { type: 'object', additionalProperties: false, properties }
}

type Base = { id: Field<string>, updatedAt: Field<string> }
/** A collection's schema, typed with the document it describes. */
export type CollectionSchema<Doc> = JsonSchema & { readonly [accepts]?: Doc }
export type DocOf<S> = TypeOf<S>

export function collectionSchema<P extends Fields, R extends keyof (Base & P) & string = keyof (Base & P) & string>(
  title: string,
  properties: P,
  options: { required?: readonly R[], indexes?: (string | string[])[], version?: number } = {},
): CollectionSchema<ObjectOf<Base & P, R>> {
  return {
    title,
    // A new version needs a migration strategy on the tablet (src/db/database.ts).
    version: options.version ?? 0,
    primaryKey: 'id',
    type: 'object',
    additionalProperties: false,
    properties: { id: id(), updatedAt: iso(), ...properties },
    required: options.required ?? [...new Set(['id', 'updatedAt', ...Object.keys(properties)])],
    indexes: options.indexes ?? [],
  }
}
