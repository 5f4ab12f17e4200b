/**
 * A tablet that was offline when a customer was merged away still writes to the old id.
 * Nothing it did is dropped; each write goes where the customer now lives:
 *
 * - visits, interactions and orders are re-pointed to the survivor before they are checked
 *   (the assumed master too, so an edit of a visit the server re-pointed is no conflict);
 * - a profile edit is applied to the survivor as the same three-way merge (what the tablet
 *   changed since its base wins, the rest is the survivor's); a first push with no base is
 *   a replayed registration, already merged, and changes nothing;
 * - cart and wishlist changes are merged into the survivor's list per item.
 * The old id's tombstone goes back as the conflict, and the tablet's conflict handler
 * takes it (a server deletion stands), so the tablet drops the old document.
 */
import type { CartItem, CustomerDoc, WithDeleted } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import { sameDocument } from '../../src/shared/equal'
import { mergeCustomer, mergeItemList } from '../../src/shared/merge'
import { queueOutboundEvents } from '../outbound/outbox'

type Customer = WithDeleted<CustomerDoc>

export function repoint(doc: AnyDoc | null, survivors: Map<string, string>): AnyDoc | null {
  const to = doc && typeof doc.customerId === 'string' ? survivors.get(doc.customerId) : undefined
  return doc && to ? { ...doc, customerId: to } : doc
}

/** Applies a tablet's edit of a merged-away profile to its survivor. */
export async function forwardCustomerEdit(w: Writer, storeId: string, doc: AnyDoc, assumed: AnyDoc | null, survivorId: string): Promise<void> {
  const survivor = (await w.load('customers', [survivorId])).get(survivorId)
  if (!assumed || !survivor || survivor._deleted)
    return
  const merged = mergeCustomer(assumed as unknown as Customer, survivor as unknown as Customer, doc as unknown as Customer) as unknown as AnyDoc
  if (sameDocument(survivor, merged))
    return
  await w.write('customers', [merged])
  await queueOutboundEvents(w, storeId, 'customers', [merged], new Map([[survivorId, survivor]]))
}

/** Merges a tablet's cart or wishlist of a merged-away customer into the survivor's; returns the old list's tombstone. */
export async function forwardItems(
  w: Writer,
  storeId: string,
  collection: 'carts' | 'wishlists',
  doc: AnyDoc,
  assumed: AnyDoc | null,
  master: AnyDoc | null,
  survivorId: string,
): Promise<AnyDoc> {
  const survivor = (await w.load(collection, [survivorId])).get(survivorId)
  const own = survivor && !survivor._deleted ? survivor.items as CartItem[] : []
  const items = mergeItemList(assumed ? assumed.items as CartItem[] : null, own, doc.items as CartItem[])
  const next = { ...(survivor ?? {}), id: survivorId, customerId: survivorId, items, updatedAt: String(doc.updatedAt), _deleted: false }
  if (!survivor || !sameDocument(survivor, next)) {
    await w.write(collection, [next])
    await queueOutboundEvents(w, storeId, collection, [next], new Map(survivor ? [[survivorId, survivor]] : []))
  }
  if (master?._deleted)
    return master
  const tombstone = { ...(master ?? doc), items: [], updatedAt: String(doc.updatedAt), _deleted: true }
  await w.write(collection, [tombstone])
  return tombstone
}
