/**
 * What the server's log may say about an error: codes, names, where it happened and how big,
 * never what it carried. Database errors from pg and PGlite hold the statement's parameters
 * (whole documents with e-mails and phone numbers) and often a `detail` quoting values; the
 * default serializer printed every property. Messages and stacks are kept for our own errors,
 * with anything shaped like an e-mail address or a phone number blotted out as well, in case
 * a message quoted one.
 */
const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g
const PHONE = /\+?\d[\d ()./-]{6,}\d/g

function scrub(text: string): string {
  return text.replace(EMAIL, '[e-mail]').replace(PHONE, '[number]')
}

/** From a database error only these fields: none of them quotes a value. */
const SAFE_DATABASE_FIELDS = ['code', 'severity', 'routine', 'constraint', 'table', 'column', 'schema'] as const

/** Shaped as a logger's `err` serializer wants it: type, message and stack always present (empty when withheld). */
export function safeError(error: unknown): { type: string, message: string, stack: string, [field: string]: unknown } {
  if (!(error instanceof Error))
    return { type: typeof error, message: '', stack: '' }
  const e = error as Error & Record<string, unknown>
  const out: { type: string, message: string, stack: string, [field: string]: unknown } = { type: e.name, message: '', stack: '' }
  const fromDatabase = 'params' in e || 'query' in e || 'severity' in e || 'routine' in e
  for (const field of SAFE_DATABASE_FIELDS) {
    if (typeof e[field] === 'string' || typeof e[field] === 'number')
      out[field] = e[field]
  }
  if (!fromDatabase) {
    out.message = scrub(e.message)
    out.stack = scrub(e.stack ?? '')
  }
  else if (Array.isArray(e.params)) {
    // How much it was asked to write, not what: sizes only.
    out.paramBytes = e.params.map(p => (typeof p === 'string' ? p.length : p === null ? 0 : String(p).length))
  }
  return out
}
