/**
 * Text PostgreSQL cannot store. Its text and jsonb types refuse the NUL character, and jsonb
 * refuses a UTF-16 surrogate without its pair (JSON.stringify writes one as "\ud800"). Both
 * pass a JSON schema, so without this check they fail inside the database: a 500 that a
 * tablet retries for ever and a platform resends on every retry. The server refuses them on
 * the way in, naming where they are.
 */

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text)
}

/** The JSON pointer (RFC 6901) of the first string or key that can't be stored, or null. */
export function unstorableTextAt(value: unknown, path = ''): string | null {
  if (typeof value === 'string')
    return hasUnstorableText(value) ? path || '/' : null
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const at = unstorableTextAt(item, `${path}/${i}`)
      if (at !== null)
        return at
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
      if (hasUnstorableText(key))
        return here
      const at = unstorableTextAt(item, here)
      if (at !== null)
        return at
    }
  }
  return null
}
