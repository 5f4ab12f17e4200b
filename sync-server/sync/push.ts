/**
 * A tablet's push: validate every row, then in one write transaction compare each row
 * with the current master.
 * - stored master equals the new state: a replay (lost response, retry) — nothing to do,
 *   and no conflict either (RxDB would otherwise "resolve" a conflict that isn't one);
 * - the tablet's assumed master is not the current one: not written, the master goes back
 *   as a conflict and the tablet merges (no lost update);
 * - otherwise the row is written once; replaying it later hits the first case.
 * Any invalid or forbidden row rejects the whole push and nothing of it is written.
 * What a write also sets off (outbound events, receipts, lifetime value, identity
 * resolution) is declared per collection in ./push-hooks.ts and runs in the same transaction.
 */
import type { CollectionName } from '../../src/shared/types'
import type { Device } from '../auth/devices'
import type { Database } from '../storage/db'
import type { AnyDoc } from '../storage/writer'
import type { PushedCollection, Written } from './push-hooks'
import { collectionRules } from '../../src/shared/collections'
import { stripLocal } from '../../src/shared/equal'
import { AppError } from '../../src/shared/errors'
import { MAX_PUSH_ROWS } from '../../src/shared/protocol'
import type { AuditAction, AuditEntry } from '../audit/log'
import { recordAudit } from '../audit/log'
import { repoint } from '../identity/forward'
import { lockKeyOf, withWriter } from '../storage/writer'
import { checkDerivedFields, withDerivedFields } from './consistency'
import { checkRow } from './ownership'
import { readPushFacts } from './push-facts'
import { isPushed, pushHooks } from './push-hooks'
import { validateDocument } from '../model/validate'

interface Row { doc: AnyDoc, assumed: AnyDoc | null }

export async function handlePush(db: Database, device: Device, collection: CollectionName, body: unknown, associateId: string | null = null): Promise<AnyDoc[]> {
  if (!collectionRules[collection].deviceWritable || !isPushed(collection))
    throw new AppError('read-only-collection', `${collection} are written by the server only.`)
  const hooks = pushHooks[collection]
  const rows = parseRows(collection, body)
  if (!rows.length)
    return []
  return withWriter(db, async (w) => {
    // Before reading anything: no other writer changes these documents (or, for a
    // customer's documents, anything of that customer) until this push commits — a merge
    // of their customer included, so the survivors read next stay the survivors.
    await w.lock(rows.map(r => lockKeyOf(collection, r.doc)))
    const customerIds = () => [...new Set(rows.map(r => customerOf(collection, r.doc)).filter((c): c is string => !!c))]
    const first = await readPushFacts(w, device.storeId, collection, rows.map(r => r.doc), customerIds())
    const survivors = first.survivors
    let { masters, scope: facts } = first
    const pusher = () => (associateId && facts.associates.has(associateId) ? associateId : null)
    if (hooks.merged === 'repoint' && survivors.size) {
      for (const row of rows) {
        row.doc = repoint(row.doc, survivors)!
        row.assumed = repoint(row.assumed, survivors)
      }
      // Documents now of a survivor: that customer's key too, and the facts read again under it (rare: a merge since the tablet last pulled).
      await w.lock(rows.map(r => lockKeyOf(collection, r.doc)))
      ;({ masters, scope: facts } = await readPushFacts(w, device.storeId, collection, rows.map(r => r.doc), customerIds()))
    }
    const conflicts: AnyDoc[] = []
    const toWrite: AnyDoc[] = []
    for (const { doc, assumed } of rows) {
      const master = masters.get(doc.id) ?? null
      const verdict = checkRow(collection, doc, assumed, master, { ...facts, pusher: pusher() })
      const survivor = survivors.get(String(customerOf(collection, doc)))
      if (survivor && verdict !== 'replay' && hooks.merged !== 'repoint')
        conflicts.push(await hooks.merged(w, device.storeId, doc, assumed, master, survivor))
      else if (verdict === 'conflict')
        conflicts.push(master!)
      else if (verdict === 'write')
        toWrite.push(doc)
    }
    const customers = [...new Set(toWrite.map(d => customerOf(collection, d)).filter((c): c is string => !!c))]
    const written: Written = { w, storeId: device.storeId, collection, docs: toWrite, masters, facts, customers }
    await hooks.check?.(written)
    await w.write(collection, toWrite)
    await hooks.afterWrite?.(written)
    await w.joinBook(device.storeId, customers.filter(c => !facts.inBook.has(c)), `push:${collection}`)
    await hooks.afterBook?.(written)
    await recordAudit(w, ...auditEntries(collection, toWrite, masters, device, pusher()))
    await hooks.afterAudit?.(written)
    return conflicts
  })
}

/**
 * One audit row per customer and write, naming who did it. Activity documents carry their
 * author (a visit's, note's or sale's associate); a profile, cart or wishlist change is
 * credited to the associate the tablet names for the push (checked to be one of the store's).
 * A collection may say otherwise (./push-hooks.ts: a profile created, a coaching comment).
 */
function auditEntries(collection: PushedCollection, written: AnyDoc[], masters: Map<string, AnyDoc>, device: Device, pusher: string | null): AuditEntry[] {
  const { audit } = pushHooks[collection]
  return written.flatMap((doc): AuditEntry[] => {
    const customerId = customerOf(collection, doc)
    if (!customerId)
      return []
    const entry = (associateId: string | null, action: AuditAction): AuditEntry => ({ deviceId: device.id, associateId, customerId, action, detail: `${collection}:${doc.id}` })
    const author = typeof doc.associateId === 'string' ? doc.associateId : pusher
    return typeof audit === 'string' ? [entry(author, audit)] : audit({ doc, master: masters.get(doc.id), author, entry })
  })
}

function parseRows(collection: CollectionName, body: unknown): Row[] {
  if (!Array.isArray(body))
    throw new AppError('invalid-request', 'A push is a JSON array of {newDocumentState, assumedMasterState}.')
  if (body.length > MAX_PUSH_ROWS)
    throw new AppError('invalid-request', `A push carries at most ${MAX_PUSH_ROWS} documents; send several batches.`)
  const seen = new Set<string>()
  return body.map((row: unknown, index) => {
    const r = row as { newDocumentState?: unknown, assumedMasterState?: unknown } | null
    if (!r || typeof r !== 'object' || !isObject(r.newDocumentState) || !(r.assumedMasterState === null || r.assumedMasterState === undefined || isObject(r.assumedMasterState)))
      throw new AppError('invalid-request', `Row ${index} must be {newDocumentState: object, assumedMasterState: object | null}.`, { index })
    const doc = withDerivedFields(collection, stripLocal(r.newDocumentState) as AnyDoc)
    const problems = validateDocument(collection, doc) ?? checkDerivedFields(collection, doc)
    if (problems)
      throw new AppError('invalid-document', `The ${collection} document ${String(doc.id)} is not valid: ${problems}.`, { index, id: doc.id })
    if (seen.has(doc.id))
      throw new AppError('invalid-request', `Document ${doc.id} appears twice in one push.`, { index })
    seen.add(doc.id)
    return { doc, assumed: isObject(r.assumedMasterState) ? withDerivedFields(collection, stripLocal(r.assumedMasterState) as AnyDoc) : null }
  })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function customerOf(collection: CollectionName, doc: AnyDoc): string | null {
  if (collection === 'customers')
    return doc.id
  return typeof doc.customerId === 'string' ? doc.customerId : null
}
