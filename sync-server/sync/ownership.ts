/**
 * What a store's device may write. The server never trusts what the tablet claims: every
 * row is checked against the device's store, the store's associates, the store's book of
 * customers and the fields that may not change once written. A failed check throws, and
 * the whole push is rolled back (bad input changes nothing).
 */
import type { CollectionName } from '../../src/shared/types'
import type { AnyDoc } from '../storage/writer'
import { collectionRules } from '../../src/shared/collections'
import { deepEqual, sameDocument } from '../../src/shared/equal'
import { AppError } from '../../src/shared/errors'

export interface ScopeFacts {
  storeId: string
  /** customers in this store's book */
  inBook: Set<string>
  /** customers the server knows at all */
  knownCustomers: Set<string>
  /** active associates of this store */
  associates: Set<string>
  /** active managers of this store (who may write coaching comments) */
  managers: Set<string>
  /** visits the server knows, with their store */
  visitStores: Map<string, string>
  /** the signed-in associate the tablet names for the push, once checked to be one of the store's */
  pusher?: string | null
}

export type Verdict = 'write' | 'conflict' | 'replay'

/**
 * Scope first (a row outside the device's scope is refused, even as a replay or a conflict,
 * so a push can't be used to read or probe another store's documents), then replay (the
 * stored master already equals the new state: nothing to do, and no conflict), then conflict (the tablet didn't know
 * the current master: it merges and pushes again), then what may change.
 */
export function checkRow(collection: CollectionName, doc: AnyDoc, assumed: AnyDoc | null, master: AnyDoc | null, facts: ScopeFacts): Verdict {
  const rules = collectionRules[collection]
  if (doc._deleted === true)
    throw new AppError('delete-not-allowed', `A tablet cannot delete ${collection} (${doc.id}).`, { id: doc.id })
  switch (collection) {
    case 'customers':
      checkCustomerScope(doc.id, master !== null, facts)
      if (!master && typeof doc.mergedInto === 'string')
        throw immutable(doc.id, 'mergedInto', 'is set by the server when it merges two profiles')
      if (!master && doc.lifetimeValueMinor !== 0)
        throw immutable(doc.id, 'lifetimeValueMinor', 'is computed by the server and starts at 0')
      if (!master && typeof doc.orderCount === 'number' && doc.orderCount !== 0)
        throw immutable(doc.id, 'orderCount', 'is counted by the server and starts at 0')
      checkAdvisors(doc, master, facts)
      break
    case 'tasks':
      checkTask(doc, master, facts)
      break
    case 'carts':
    case 'wishlists':
      checkCustomerScope(String(doc.customerId), facts.knownCustomers.has(String(doc.customerId)), facts)
      break
    case 'visits':
      checkStoreActivity(collection, doc, master, facts)
      checkActivityCustomer(doc, facts)
      checkComments(doc, master, facts)
      break
    case 'interactions':
    case 'orders':
    case 'outreach':
      checkStoreActivity(collection, doc, master, facts)
      checkActivityCustomer(doc, facts)
      break
    case 'appointments':
      checkStoreActivity(collection, doc, master, facts)
      checkActivityCustomer(doc, facts)
      checkAppointment(doc, master, facts)
      break
  }
  if (master && sameDocument(master, doc))
    return 'replay'
  if (master?._deleted === true)
    return 'conflict'
  if (!master) {
    const receipt = doc.receipt as { status?: string } | undefined
    if (collection === 'orders' && receipt?.status !== 'none' && receipt?.status !== 'queued')
      throw immutable(doc.id, 'receipt.status', 'is set by the server once the receipt is sent')
    if (collection === 'outreach' && (doc.status !== (doc.channel === 'email' ? 'queued' : 'logged') || doc.sentAt !== null || doc.reason !== null || doc.clicks !== 0))
      throw immutable(doc.id, 'status', 'starts as queued for an e-mail (logged for a message sent from the tablet) and is the server\'s from then on')
    return 'write'
  }
  if (!sameDocument(master, assumed))
    return 'conflict'
  if (rules.immutable) {
    const changed = changedFields(master, doc).filter(f => !rules.serverFields.includes(f))
    if (changed.length)
      throw immutable(doc.id, changed[0]!, `cannot change: ${collection} never change once written`)
    // Only server-written fields differ (the receipt status): the master is the truth.
    return 'conflict'
  }
  for (const field of [...rules.immutableFields, ...rules.serverFields]) {
    if (!deepEqual(master[field], doc[field]))
      throw immutable(doc.id, field, 'cannot be changed by a tablet')
  }
  if (collection === 'visits' && master.customerId !== null && master.customerId !== doc.customerId)
    throw immutable(doc.id, 'customerId', 'is already linked to a customer')
  return 'write'
}

/** What the tablet gives a customer it registers (src/stores/registration.ts): a ULID, 80 random bits after the time. */
const TABLET_MADE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/

/**
 * A customer outside this store's book can only be one the tablet has just registered. Any
 * other id gets one answer whether a customer has it or not: a push can't be used to learn
 * which ids exist (platform ids are often sequential), and a registered one can't be guessed.
 */
function checkCustomerScope(customerId: string, exists: boolean, facts: ScopeFacts): void {
  if (facts.inBook.has(customerId))
    return
  if (exists || !TABLET_MADE_ID.test(customerId))
    throw new AppError('out-of-scope', `Customer ${customerId} is not in this store's book: pin the customer first.`, { customerId })
}

/**
 * A visit, note or sale names a customer the store serves. Writing one joins a new customer
 * (made on this tablet) to the store's book, so naming an existing customer of another store
 * would pin them without a search, a session or a reason: refused like any out-of-book write.
 */
function checkActivityCustomer(doc: AnyDoc, facts: ScopeFacts): void {
  if (typeof doc.customerId === 'string')
    checkCustomerScope(doc.customerId, facts.knownCustomers.has(doc.customerId), facts)
}

function checkStoreActivity(collection: CollectionName, doc: AnyDoc, master: AnyDoc | null, facts: ScopeFacts): void {
  const store = master?.storeId ?? doc.storeId
  if (doc.storeId !== facts.storeId || store !== facts.storeId)
    throw new AppError('forbidden-store', `This device belongs to store ${facts.storeId}; it cannot write ${collection} of store ${String(doc.storeId)}.`, { id: doc.id })
  if (!facts.associates.has(String(doc.associateId)))
    throw new AppError('forbidden', `Associate ${String(doc.associateId)} is not an active associate of this store.`, { id: doc.id })
  if (collection === 'orders' && doc.channel !== 'store')
    throw new AppError('forbidden', 'Web and app orders come from the e-commerce platform, not from a tablet.', { id: doc.id })
  if (collection === 'interactions') {
    const visitStore = facts.visitStores.get(String(doc.visitId))
    if (visitStore !== undefined && visitStore !== facts.storeId)
      throw new AppError('forbidden-store', `Visit ${String(doc.visitId)} belongs to another store.`, { id: doc.id })
  }
}

type AdvisorEntry = { storeId: string, associateId: string, role: string, setBy: string }

/**
 * Who looks after a customer at this store: an associate may take on a customer nobody looks
 * after yet in that role (a new relationship, set by that associate or for them); changing or
 * ending one is a manager's decision. Another store's advisors are that store's.
 */
function checkAdvisors(doc: AnyDoc, master: AnyDoc | null, facts: ScopeFacts): void {
  const of = (d: AnyDoc | null, mine: boolean) => ((d?.advisors ?? []) as AdvisorEntry[]).filter(a => (a.storeId === facts.storeId) === mine)
  if (!deepEqual(of(master, false), of(doc, false)))
    throw new AppError('forbidden-store', 'The associates of another store look after this customer there: only that store changes them.', { id: doc.id })
  const before = of(master, true)
  const after = of(doc, true)
  const changed = after.filter(a => !before.some(b => deepEqual(a, b)))
  const ended = before.filter(b => !after.some(a => deepEqual(a, b)))
  if (!changed.length && !ended.length)
    return
  if (new Set(after.map(a => a.role)).size !== after.length)
    throw new AppError('invalid-document', 'A customer has at most one primary and one secondary associate per store.', { id: doc.id })
  for (const a of after) {
    if (!facts.associates.has(a.associateId))
      throw new AppError('forbidden', `Associate ${a.associateId} is not an active associate of this store.`, { id: doc.id })
  }
  const isManager = !!facts.pusher && facts.managers.has(facts.pusher)
  const newOnly = !ended.length && changed.every(a => !before.some(b => b.role === a.role) && a.setBy === facts.pusher)
  if (!isManager && !(newOnly && !!facts.pusher))
    throw new AppError('manager-required', 'Only a manager changes who looks after a customer; an associate may take on a customer nobody looks after yet.', { id: doc.id })
}

const MAX_APPOINTMENT_MS = 8 * 3_600_000

/**
 * An appointment a tablet books or changes: a real span of at most a working day; a new one
 * starts at sequence 0 with no overlaps (the server flags those) and was booked by one of the
 * store's associates; a new time raises the sequence, so the customer's calendar takes the
 * new invite over the old one.
 */
function checkAppointment(doc: AnyDoc, master: AnyDoc | null, facts: ScopeFacts): void {
  const span = Date.parse(String(doc.end)) - Date.parse(String(doc.start))
  if (!(span > 0 && span <= MAX_APPOINTMENT_MS))
    throw new AppError('invalid-document', 'An appointment ends after it starts, within eight hours.', { id: doc.id })
  if (!master) {
    if (doc.sequence !== 0 || (doc.overlaps as unknown[]).length || doc.source !== 'tablet' || !facts.associates.has(String(doc.createdBy)))
      throw new AppError('invalid-document', 'A tablet books at sequence 0, with no overlaps (the server flags them), in the name of one of the store\'s associates.', { id: doc.id })
    return
  }
  const moved = doc.start !== master.start || doc.end !== master.end
  if (moved && Number(doc.sequence) <= Number(master.sequence))
    throw new AppError('invalid-document', 'A new time raises the appointment\'s sequence (the calendar invite\'s).', { id: doc.id })
}

/** A Today decision is the store's, made by one of its associates; handing a task to someone is a manager's. */
function checkTask(doc: AnyDoc, master: AnyDoc | null, facts: ScopeFacts): void {
  if (doc.storeId !== facts.storeId || (master && master.storeId !== facts.storeId))
    throw new AppError('forbidden-store', `This device belongs to store ${facts.storeId}; it cannot decide tasks of store ${String(doc.storeId)}.`, { id: doc.id })
  if (doc.id !== `${String(doc.storeId)}|${String(doc.kind)}|${String(doc.customerId)}|${String(doc.reason)}`)
    throw new AppError('invalid-document', 'A task\'s id is its key: storeId|kind|customerId|reason.', { id: doc.id })
  checkCustomerScope(String(doc.customerId), facts.knownCustomers.has(String(doc.customerId)), facts)
  if (!facts.associates.has(String(doc.by)))
    throw new AppError('forbidden', `Associate ${String(doc.by)} is not an active associate of this store.`, { id: doc.id })
  const handed = (master?.assignedTo ?? null) !== (doc.assignedTo ?? null)
  if (handed && !facts.managers.has(String(doc.by)))
    throw new AppError('manager-required', 'Only a manager hands a task to another associate.', { id: doc.id })
  if (handed && doc.assignedTo !== null && !facts.associates.has(String(doc.assignedTo)))
    throw new AppError('forbidden', `Associate ${String(doc.assignedTo)} is not an active associate of this store.`, { id: doc.id })
}

/** Comments are only added, and only by a manager of the store; none is changed or removed. */
function checkComments(doc: AnyDoc, master: AnyDoc | null, facts: ScopeFacts): void {
  type Comment = { id: string, by: string }
  const before = new Map(((master?.comments ?? []) as Comment[]).map(c => [c.id, c]))
  const after = new Map(((doc.comments ?? []) as Comment[]).map(c => [c.id, c]))
  for (const [id, comment] of before) {
    if (!deepEqual(after.get(id), comment))
      throw immutable(String(doc.id), 'comments', 'are never changed or removed once written')
  }
  for (const [id, comment] of after) {
    if (!before.has(id) && !facts.managers.has(comment.by))
      throw new AppError('forbidden', `Only a manager of this store can leave a coaching comment (${comment.by} is not one).`, { id: doc.id })
  }
}

/** The fields two states of a document differ in (`_deleted` aside), compared by value. */
export function changedFields(a: AnyDoc, b: AnyDoc): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  keys.delete('_deleted')
  return [...keys].filter(k => !deepEqual(a[k], b[k]))
}

function immutable(id: string, field: string, why: string): AppError {
  return new AppError('immutable-field', `${field} ${why} (${id}).`, { id, field })
}
