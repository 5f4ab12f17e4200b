/**
 * Contact fields sealed on the tablet's disk. A storage wrapper (under schema validation,
 * so validation and the rest of the app see plain documents) that, for customers, orders
 * and interactions:
 * - packs the contact fields of a document (a customer's e-mail, phone and other contacts,
 *   a receipt's e-mail, a note's text) into one AES-GCM string stored in the first of them,
 *   the others stored as null — or left out when the document has no such field, so an
 *   optional field comes back absent, not null (a difference the server would see);
 * - stores the e-mail and phone search keys as keyed hashes (blind keys), so an exact
 *   lookup is still an indexed query and no address is on disk;
 * - does the same inside RxDB's replication bookkeeping (the meta instance keeps the last
 *   server state of every document, `docData`).
 * Reading or writing one of these documents needs the book key (src/platform/book-lock.ts): while the
 * screen is locked it throws BookLockedError, and the replication of those collections is
 * paused (./replication.ts).
 */
import type { RxDocumentData, RxJsonSchema, RxStorage, RxStorageInstanceCreationParams } from 'rxdb'
import { META_INSTANCE_SCHEMA_TITLE, wrapRxStorageInstance } from './rxdb-internals'
import { isSealed } from '../shared/book-key'
import { blind, open, seal } from '../platform/book-lock'

interface SealSpec {
  /** paths of the contact fields; the first one carries the sealed value */
  sealed: string[][]
  /** search keys stored blind */
  blind: string[]
}

const SPECS: Record<string, SealSpec> = {
  customer: { sealed: [['email'], ['phone'], ['otherContacts']], blind: ['emailKey', 'phoneKey'] },
  order: { sealed: [['receipt', 'email']], blind: [] },
  interaction: { sealed: [['text']], blind: [] },
}

type Doc = Record<string, unknown>

/** Which spec a storage instance needs: by the collection's schema, or by the documents a meta instance keeps. */
export function specFor(schema: RxJsonSchema<unknown>): { spec: SealSpec, inDocData: boolean } | null {
  if (schema.title === META_INSTANCE_SCHEMA_TITLE) {
    const props = ((schema.properties as Doc).docData as { properties?: Doc } | undefined)?.properties ?? {}
    const title = 'emailKey' in props ? 'customer' : 'receipt' in props ? 'order' : 'visitId' in props && 'text' in props ? 'interaction' : null
    return title ? { spec: SPECS[title]!, inDocData: true } : null
  }
  const spec = schema.title ? SPECS[schema.title] : undefined
  return spec ? { spec, inDocData: false } : null
}

function get(doc: Doc, path: string[]): unknown {
  let value: unknown = doc
  for (const key of path) value = value && typeof value === 'object' ? (value as Doc)[key] : undefined
  return value
}

/** A copy of `doc` with `value` at `path` (objects along the path copied, never mutated). */
function set(doc: Doc, path: string[], value: unknown): Doc {
  const [head, ...rest] = path as [string, ...string[]]
  if (!rest.length)
    return { ...doc, [head]: value }
  const inner = doc[head]
  return inner && typeof inner === 'object' ? { ...doc, [head]: set(inner as Doc, rest, value) } : doc
}

export async function sealDoc(spec: SealSpec, doc: Doc): Promise<Doc> {
  let out = doc
  const values = spec.sealed.map(path => get(doc, path))
  if (!isSealed(values[0]) && values.some(v => v !== null && v !== undefined)) {
    out = set(out, spec.sealed[0]!, await seal(JSON.stringify(values)))
    for (const [i, path] of spec.sealed.entries()) {
      if (i > 0 && values[i] !== undefined)
        out = set(out, path, null)
    }
  }
  for (const field of spec.blind) {
    const value = out[field]
    if (typeof value === 'string' && value)
      out = { ...out, [field]: await blind(field, value) }
  }
  return out
}

export async function openDoc(spec: SealSpec, doc: Doc): Promise<Doc> {
  const carrier = get(doc, spec.sealed[0]!)
  if (!isSealed(carrier))
    return doc
  const values = JSON.parse(await open(carrier)) as unknown[]
  let out = doc
  spec.sealed.forEach((path, i) => {
    // Left out when sealed (an optional field the document did not have): stays out.
    if (i === 0 || get(doc, path) !== undefined)
      out = set(out, path, values[i] ?? null)
  })
  return out
}

/**
 * A document as a purge leaves it (src/sync/age-out.ts): its contact fields and search keys
 * null, so the tombstone that stands until the storage's cleanup holds nothing to seal.
 */
export function withoutContactFields<T>(schema: RxJsonSchema<unknown>, doc: T): T {
  const found = specFor(schema)
  if (!found)
    return doc
  const strip = (d: Doc): Doc => {
    let out = d
    for (const path of found.spec.sealed) {
      if (get(out, path) !== undefined)
        out = set(out, path, null)
    }
    for (const field of found.spec.blind) {
      if (out[field] !== undefined)
        out = { ...out, [field]: null }
    }
    return out
  }
  const d = doc as Doc
  return (found.inDocData ? (d.docData && typeof d.docData === 'object' ? { ...d, docData: strip(d.docData as Doc) } : d) : strip(d)) as T
}

async function onDocData(doc: Doc, fn: (d: Doc) => Promise<Doc>): Promise<Doc> {
  return doc.docData && typeof doc.docData === 'object' ? { ...doc, docData: await fn(doc.docData as Doc) } : doc
}

export function wrappedSealedStorage<I, C>(args: { storage: RxStorage<I, C> }): RxStorage<I, C> {
  return {
    ...args.storage,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, C>) {
      const instance = await args.storage.createStorageInstance(params)
      const found = specFor(params.schema as RxJsonSchema<unknown>)
      if (!found)
        return instance
      const { spec, inDocData } = found
      const to = (d: Doc) => (inDocData ? onDocData(d, x => sealDoc(spec, x)) : sealDoc(spec, d))
      const from = (d: Doc) => (inDocData ? onDocData(d, x => openDoc(spec, x)) : openDoc(spec, d))
      return wrapRxStorageInstance(
        params.schema,
        instance,
        d => to(d as Doc) as Promise<RxDocumentData<unknown>>,
        d => from(d as Doc) as Promise<RxDocumentData<RxDocType>>,
      )
    },
  }
}
