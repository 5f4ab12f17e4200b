/**
 * An in-store visit and what happened during it. Everything is written to the local database
 * first and replicated from there, so a visit run with the Wi-Fi down loses nothing.
 * Interactions are append-only: a visit's history is never rewritten, only added to.
 */
import type { Observable } from 'rxjs'
import type { InteractionDoc, InteractionType, ProductDoc, VisitDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import type { VisitEndOutcome } from '../domain/visit-end'
import { combineLatest, map } from 'rxjs'
import { monotonicFactory } from 'ulid'
import { foldText } from '../shared/search'
import { getAppDatabase } from './app-database'
import type { OtherStoreStock, ProductHit } from '../models/catalogue'

/** The online shop's stock lives in the inventory like a store's (DESIGN: kind 'warehouse'). */
const ONLINE_STOCK_ID = 'online'

// Monotonic: two taps in the same millisecond still sort in the order they happened.
const ulid = monotonicFactory()

export interface StartVisitInput { storeId: string, associateId: string, customerId: string | null }

export interface LogInteractionInput {
  visit: VisitDoc
  type: InteractionType
  sku?: string | null
  size?: string | null
  text?: string | null
  dueAt?: string | null
  /** a note shared beyond the store (the central profile, the contact centre) */
  shared?: boolean
}

export interface VisitState {
  visit: VisitDoc | null
  /** newest first */
  interactions: InteractionDoc[]
}

async function database(db?: ClientelingDatabase): Promise<ClientelingDatabase> {
  return db ?? getAppDatabase()
}

export async function startVisit(input: StartVisitInput, db?: ClientelingDatabase): Promise<VisitDoc> {
  const now = new Date().toISOString()
  const visit: VisitDoc = {
    id: ulid(),
    updatedAt: now,
    storeId: input.storeId,
    associateId: input.associateId,
    customerId: input.customerId,
    startedAt: now,
    endedAt: null,
    outcome: 'open',
    orderId: null,
  }
  await (await database(db)).visits.insert(visit)
  return visit
}

export async function logInteraction(input: LogInteractionInput, db?: ClientelingDatabase): Promise<InteractionDoc> {
  const now = new Date().toISOString()
  const interaction: InteractionDoc = {
    id: ulid(),
    updatedAt: now,
    visitId: input.visit.id,
    storeId: input.visit.storeId,
    customerId: input.visit.customerId,
    associateId: input.visit.associateId,
    type: input.type,
    sku: input.sku ?? null,
    size: input.size ?? null,
    text: input.text ?? null,
    dueAt: input.dueAt ?? null,
    at: now,
    // Only a shared note carries the flag: every other interaction stays as it was written before.
    ...(input.shared ? { shared: true } : {}),
  }
  await (await database(db)).interactions.insert(interaction)
  return interaction
}

export async function endVisit(visitId: string, outcome: VisitEndOutcome, db?: ClientelingDatabase): Promise<VisitDoc> {
  const doc = await (await database(db)).visits.findOne(visitId).exec()
  if (!doc)
    throw new Error(`Visit ${visitId} is not on this tablet.`)
  // Ending twice (a double tap, a retry after a reload) keeps the first outcome.
  if (doc.outcome !== 'open')
    return doc.toJSON() as VisitDoc
  const now = new Date().toISOString()
  const patched = await doc.incrementalPatch({ endedAt: now, outcome, updatedAt: now })
  return patched.toJSON() as VisitDoc
}

/**
 * Links a walk-in visit to the customer it turned out to be (they gave their name or loyalty
 * card at the end). Once only: a visit linked to someone stays theirs. What was logged stays
 * as written; the profile finds it through the visit.
 */
export async function linkVisitCustomer(visitId: string, customerId: string, db?: ClientelingDatabase): Promise<VisitDoc> {
  const doc = await (await database(db)).visits.findOne(visitId).exec()
  if (!doc)
    throw new Error(`Visit ${visitId} is not on this tablet.`)
  if (doc.customerId === customerId)
    return doc.toJSON() as VisitDoc
  if (doc.customerId !== null)
    throw new Error(`Visit ${visitId} is already linked to another customer.`)
  const patched = await doc.incrementalModify(v => (v.customerId === null ? { ...v, customerId, updatedAt: new Date().toISOString() } : v))
  if (patched.customerId !== customerId)
    throw new Error(`Visit ${visitId} is already linked to another customer.`)
  return patched.toJSON() as VisitDoc
}

export function watchVisit(db: ClientelingDatabase, visitId: string): Observable<VisitState> {
  return combineLatest({
    visit: db.visits.findOne(visitId).$.pipe(map(d => (d ? d.toJSON() as VisitDoc : null))),
    interactions: db.interactions.find({ selector: { visitId } }).$.pipe(
      map(docs => docs.map(d => d.toJSON() as InteractionDoc).sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)))),
    ),
  })
}

export async function getVisit(visitId: string, db?: ClientelingDatabase): Promise<VisitDoc | null> {
  const doc = await (await database(db)).visits.findOne(visitId).exec()
  return doc ? doc.toJSON() as VisitDoc : null
}

/** The name on the visit's header; null for a walk-in or a customer no longer on this tablet. */
export async function getCustomerName(customerId: string, db?: ClientelingDatabase): Promise<string | null> {
  const doc = await (await database(db)).customers.findOne(customerId).exec()
  return doc ? `${doc.firstName} ${doc.lastName}` : null
}

export async function subscribeVisit(visitId: string, observer: { next: (state: VisitState) => void, error: (error: unknown) => void }): Promise<() => void> {
  const subscription = watchVisit(await getAppDatabase(), visitId).subscribe(observer)
  return () => subscription.unsubscribe()
}

export interface Catalogue {
  products: ProductDoc[]
  folded: string[]
}

/** The whole catalogue (a few hundred products) once, with folded names for accent-blind search. */
export async function loadCatalogue(db?: ClientelingDatabase): Promise<Catalogue> {
  const docs = await (await database(db)).products.find({ sort: [{ name: 'asc' }] }).exec()
  const products = docs.map(d => d.toJSON() as ProductDoc)
  return { products, folded: products.map(p => foldText(`${p.name} ${p.brand}`)) }
}

/** Exact SKU or barcode first (a scan or a typed label); otherwise every word prefixes a name or brand word. */
export function searchCatalogue(catalogue: Catalogue, raw: string, limit = 20): ProductDoc[] {
  const text = raw.trim()
  if (!text)
    return []
  const code = text.toUpperCase()
  const exact = catalogue.products.filter(p => p.sku.toUpperCase() === code || p.barcodes.includes(text))
  if (exact.length)
    return exact
  const tokens = foldText(text).split(' ').filter(Boolean)
  if (!tokens.length)
    return []
  const hits: ProductDoc[] = []
  catalogue.products.forEach((p, i) => {
    const words = catalogue.folded[i]!.split(' ')
    if (hits.length < limit && tokens.every(t => words.some(w => w.startsWith(t))))
      hits.push(p)
  })
  return hits
}

/** This store's and the web warehouse's pieces on hand, per SKU, for a basket's warnings. */
export async function basketStock(storeId: string, skus: readonly string[], db?: ClientelingDatabase): Promise<Record<string, { store: number | null, online: number | null }>> {
  const found = await (await database(db)).inventory.findByIds(skus.flatMap(sku => [`${storeId}:${sku}`, `${ONLINE_STOCK_ID}:${sku}`])).exec()
  return Object.fromEntries(skus.map(sku => [sku, { store: found.get(`${storeId}:${sku}`)?.onHand ?? null, online: found.get(`${ONLINE_STOCK_ID}:${sku}`)?.onHand ?? null }]))
}

export async function stockFor(storeId: string, products: ProductDoc[], db?: ClientelingDatabase): Promise<ProductHit[]> {
  const database_ = await database(db)
  const shops = (await database_.stores.find({ selector: { kind: 'store' } }).exec())
    .filter(s => s.id !== storeId)
    .map(s => ({ id: s.id, name: s.name }))
  const ids = products.flatMap(p => [storeId, ONLINE_STOCK_ID, ...shops.map(s => s.id)].map(id => `${id}:${p.sku}`))
  const found = await database_.inventory.findByIds(ids).exec()
  const onHand = (id: string) => found.get(id)?.onHand ?? null
  return products.map(product => ({
    product,
    storeStock: onHand(`${storeId}:${product.sku}`),
    onlineStock: onHand(`${ONLINE_STOCK_ID}:${product.sku}`),
    otherStores: shops
      .map(s => ({ storeId: s.id, name: s.name, onHand: onHand(`${s.id}:${product.sku}`) }))
      .filter((s): s is OtherStoreStock => s.onHand !== null)
      .sort((a, b) => b.onHand - a.onHand || a.name.localeCompare(b.name)),
  }))
}
