/**
 * The customer's own online cart and wishlist, changed from the store. The change is written
 * to the local database first and replicates like any other; the server then sends it on to
 * the e-commerce platform (its outbox). An item is attributed to the associate with channel
 * 'store'; inside a visit the addition is also logged as an interaction, which records that
 * the customer agreed to it.
 */
import type { CartDoc, CartItem, VisitDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { CONSENT_IN_STORE } from '../domain/interactions'
import { itemKey } from '../shared/merge'
import { getAppDatabase } from './app-database'
import { logInteraction } from './visits'

export type ItemListKind = 'cart' | 'wishlist'

export { CONSENT_IN_STORE }

export interface AddItemInput {
  customerId: string
  sku: string
  size: string
  associateId: string
  /** the open visit it happened in, if any: the addition is logged on its timeline */
  visit: VisitDoc | null
}

function collectionOf(db: ClientelingDatabase, kind: ItemListKind) {
  return kind === 'cart' ? db.carts : db.wishlists
}

/** Applies `change` to the item list, creating the customer's list when there is none yet. */
async function modifyItems(db: ClientelingDatabase, kind: ItemListKind, customerId: string, change: (items: CartItem[]) => CartItem[]): Promise<void> {
  const collection = collectionOf(db, kind)
  const modify = (doc: CartDoc): CartDoc => ({ ...doc, items: change(doc.items), updatedAt: new Date().toISOString() })
  const existing = await collection.findOne(customerId).exec()
  if (existing) {
    await existing.incrementalModify(modify)
    return
  }
  const items = change([])
  if (!items.length)
    return
  try {
    await collection.insert({ id: customerId, customerId, items, updatedAt: new Date().toISOString() })
  }
  catch {
    // Replication wrote the list between our read and our insert: change that one instead.
    const doc = await collection.findOne(customerId).exec()
    if (!doc)
      throw new Error(`Could not save the ${kind} of customer ${customerId}.`)
    await doc.incrementalModify(modify)
  }
}

export async function addItem(kind: ItemListKind, input: AddItemInput, db?: ClientelingDatabase): Promise<void> {
  const database = db ?? await getAppDatabase()
  const now = new Date().toISOString()
  const key = itemKey(input)
  await modifyItems(database, kind, input.customerId, (items) => {
    const found = items.find(i => itemKey(i) === key)
    // A wishlist holds a product once; a cart counts pieces.
    if (found)
      return kind === 'cart' ? items.map(i => (i === found ? { ...i, qty: Math.min(999, i.qty + 1) } : i)) : items
    return [...items, { sku: input.sku, size: input.size, qty: 1, addedAt: now, channel: 'store', addedBy: input.associateId }]
  })
  const visit = input.visit
  if (visit && visit.outcome === 'open' && visit.customerId === input.customerId) {
    await logInteraction({
      visit,
      type: kind === 'cart' ? 'added_to_cart' : 'added_to_wishlist',
      sku: input.sku,
      size: input.size,
      text: CONSENT_IN_STORE,
    }, database)
  }
}

export async function removeItem(kind: ItemListKind, customerId: string, item: Pick<CartItem, 'sku' | 'size'>, db?: ClientelingDatabase): Promise<void> {
  const database = db ?? await getAppDatabase()
  const key = itemKey(item)
  await modifyItems(database, kind, customerId, items => items.filter(i => itemKey(i) !== key))
}
