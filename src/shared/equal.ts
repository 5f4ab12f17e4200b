/**
 * Document equality as replication sees it: RxDB's local bookkeeping (`_meta`, `_rev`,
 * `_attachments`) is not part of a document, key order is not significant, and a missing
 * `_deleted` means false.
 */

const LOCAL_FIELDS = new Set(['_meta', '_rev', '_attachments'])

export function stripLocal<T extends object>(doc: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) {
    if (!LOCAL_FIELDS.has(key))
      out[key] = value
  }
  if (!('_deleted' in out))
    out._deleted = false
  return out as T
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b)
    return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return false
  if (Array.isArray(a) !== Array.isArray(b))
    return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]))
  }
  const ka = Object.keys(a).filter(k => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter(k => (b as Record<string, unknown>)[k] !== undefined)
  if (ka.length !== kb.length)
    return false
  return ka.every(k => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

export function sameDocument(a: object | null | undefined, b: object | null | undefined): boolean {
  if (!a || !b)
    return a === b
  return deepEqual(stripLocal(a), stripLocal(b))
}

/** JSON with every object's keys in order: the same text for equal values, whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value).sort().filter(k => (value as Record<string, unknown>)[k] !== undefined).map(k => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`
  return JSON.stringify(value)
}
