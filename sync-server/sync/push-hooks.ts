/**
 * What a push does besides writing, per collection, in one table next to the collection
 * rules (src/shared/collections.ts says who may write what; this says what a write also
 * sets off). sync/push.ts runs the same steps for every collection and calls these at fixed
 * points of its one transaction:
 *
 *   check → write → afterWrite → the store's book → afterBook → audit → afterAudit
 *
 * so an outbound event, a receipt or a merge exists exactly when the change it follows does.
 */
import type { CollectionName } from '../../src/shared/types'
import type { AuditAction, AuditEntry } from '../audit/log'
import type { AnyDoc, Writer } from '../storage/writer'
import type { ScopeFacts } from './ownership'
import { changedFields } from './ownership'
import { queueOutboundEvents, queueRelationshipFacts, queueStoreFacts } from '../outbound/outbox'
import { forwardCustomerEdit, forwardItems } from '../identity/forward'
import { resolveIdentities } from '../identity/resolve'
import { queueReceipts } from '../mail/queue'
import { checkOutreach, queueOutreach } from '../outreach/queue'
import { queueAppointmentMail } from '../appointments/mail'
import { flagOverlaps } from '../appointments/overlaps'
import { refreshLifetimeValues } from '../model/lifetime-value'
import { checkOrderRules } from './order-rules'
import { removeSoldFromCarts } from './sale-cart'

export type PushedCollection = 'customers' | 'carts' | 'wishlists' | 'visits' | 'interactions' | 'orders' | 'tasks' | 'outreach' | 'appointments'

/** One push's written documents and what the push read before writing them. */
export interface Written {
  w: Writer
  storeId: string
  collection: PushedCollection
  /** the documents written (new, or changed from their master) */
  docs: AnyDoc[]
  masters: Map<string, AnyDoc>
  facts: ScopeFacts
  /** the customers those documents belong to */
  customers: string[]
}

/** One written document, for an audit rule: `author` is its associate, or the one who pushed it. */
export interface AuditInput {
  doc: AnyDoc
  master: AnyDoc | undefined
  author: string | null
  entry: (associateId: string | null, action: AuditAction) => AuditEntry
}

export interface PushHooks {
  /** the audit log's action for a write, or the entries a write makes */
  audit: AuditAction | ((input: AuditInput) => AuditEntry[])
  /**
   * Documents of a customer merged away since the tablet last pulled: an activity document
   * is moved to the survivor ('repoint'); a profile, cart or wishlist edit is carried over
   * to the survivor's own, and the answer is what goes back to the tablet as a conflict.
   */
  merged: 'repoint' | ((w: Writer, storeId: string, doc: AnyDoc, assumed: AnyDoc | null, master: AnyDoc | null, survivor: string) => Promise<AnyDoc>)
  /** refuses the push (throws) before anything is written */
  check?: (written: Written) => Promise<void>
  afterWrite?: (written: Written) => Promise<void>
  afterBook?: (written: Written) => Promise<void>
  afterAudit?: (written: Written) => Promise<void>
}

const announce = ({ w, storeId, collection, docs, masters }: Written) => queueOutboundEvents(w, storeId, collection as 'customers' | 'carts' | 'wishlists', docs, masters)
const forwardList = (collection: 'carts' | 'wishlists'): PushHooks['merged'] =>
  (w, storeId, doc, assumed, master, survivor) => forwardItems(w, storeId, collection, doc, assumed, master, survivor)

/** A new profile, or a changed name, e-mail or phone, may now match someone else. */
function identityChanged(master: AnyDoc | undefined, doc: AnyDoc): boolean {
  return !master || (['emailKey', 'phoneKey', 'nameKey'] as const).some(k => master[k] !== doc[k])
}

export const pushHooks: Record<PushedCollection, PushHooks> = {
  customers: {
    // A profile the server did not have yet was created, not changed.
    audit: ({ master, author, entry }) => [entry(author, master ? 'edit' : 'create')],
    merged: async (w, storeId, doc, assumed, master, survivor) => {
      await forwardCustomerEdit(w, storeId, doc, assumed, survivor)
      return master!
    },
    afterWrite: announce,
    afterAudit: ({ w, storeId, docs, masters }) => resolveIdentities(w, docs.filter(d => identityChanged(masters.get(d.id), d)).map(d => d.id), `push:${storeId}`),
  },
  carts: { audit: 'cart', merged: forwardList('carts'), afterWrite: announce },
  wishlists: { audit: 'wishlist', merged: forwardList('wishlists'), afterWrite: announce },
  orders: {
    audit: 'order',
    merged: 'repoint',
    // Orders never change: every one written is new.
    check: ({ w, facts, docs }) => checkOrderRules(w, facts, docs),
    afterWrite: async ({ w, storeId, docs, masters }) => {
      await removeSoldFromCarts(w, storeId, docs, masters)
      await queueReceipts(w, docs, masters)
      await queueStoreFacts(w, 'orders', docs, masters)
    },
    afterBook: ({ w, customers }) => refreshLifetimeValues(w, customers),
  },
  visits: {
    // A coaching comment added to a visit is the commenting manager's, not the visit's associate's.
    audit: ({ doc, master, entry }) => {
      const own = entry(String(doc.associateId), 'visit')
      if (!master)
        return [own]
      const before = new Set(((master.comments ?? []) as { id: string }[]).map(c => c.id))
      const added = ((doc.comments ?? []) as { id: string, by: string }[]).filter(c => !before.has(c.id))
      const commenters = [...new Set(added.map(c => c.by))].map(by => entry(by, 'comment'))
      const otherwise = changedFields(master, doc).some(k => k !== 'comments' && k !== 'updatedAt')
      return otherwise || !commenters.length ? [...commenters, own] : commenters
    },
    merged: 'repoint',
    afterWrite: ({ w, docs, masters }) => queueStoreFacts(w, 'visits', docs, masters),
    // A visit linked to a customer brings its walk-in sale into their lifetime value.
    afterBook: ({ w, customers, docs }) => refreshLifetimeValues(w, customers, { onlyIfWalkInSaleOf: docs.map(v => v.id) }),
  },
  interactions: { audit: 'interaction', merged: 'repoint' },
  // A decision about a merged-away customer's task stays with the survivor.
  tasks: { audit: ({ doc, entry }) => [entry(String(doc.by), 'task')], merged: 'repoint' },
  outreach: {
    audit: 'outreach',
    merged: 'repoint',
    // Messages never change once written: every one written is new.
    check: ({ w, storeId, docs }) => checkOutreach(w, storeId, docs),
    afterWrite: async ({ w, storeId, docs, masters }) => {
      await queueOutreach(w, storeId, docs, masters)
      // An SMS or WhatsApp the associate logged has reached the customer already.
      await queueRelationshipFacts(w, 'outreach', docs, masters)
    },
  },
  appointments: {
    audit: 'appointment',
    merged: 'repoint',
    // Two tablets may have booked one associate at one time offline: both stay, both flagged.
    afterWrite: async ({ w, storeId, docs, masters }) => {
      await flagOverlaps(w, storeId, docs, masters)
      // The customer's invite, new invite or cancellation, in the same transaction as the change.
      await queueAppointmentMail(w, docs, masters)
      await queueRelationshipFacts(w, 'appointments', docs, masters)
    },
  },
}

export function isPushed(collection: CollectionName): collection is PushedCollection {
  return collection in pushHooks
}
