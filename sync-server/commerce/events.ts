/**
 * Events from the e-commerce platform. Each is applied once: its id goes into
 * `commerce_events` in the same transaction as its effect, so a replay finds the id and
 * does nothing, and a failure leaves neither.
 *
 * The platform is treated as one more replica. For a customer, cart or wishlist it tells
 * us its whole current view; the last view it told us (`commerce_shadow`) is the base of
 * the same three-way merge the tablets use: what the web changed since its last event
 * wins, what the store changed meanwhile stays. An event older than the last one applied
 * to that document is recorded and ignored; the same holds for a product and a store's stock
 * (`commerce_shadow` keeps when each was last told), so an event that arrives late never
 * brings back an old name or an old count.
 *
 * An erased customer stays erased: later news about them (a profile, a cart, a wishlist) is
 * recorded as `erased` and changes nothing, and a late order is kept for the accounts without
 * the address it was sent to.
 *
 * Every request, one event or an array, goes through ./batch.ts.
 */
import type { CommerceEventOutcome } from '../../src/shared/endpoints'
import type { CommerceEvent } from '../../src/shared/protocol'
import type { CollectionName } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import { sameDocument } from '../../src/shared/equal'
import { AppError } from '../../src/shared/errors'
import { mergeDocument } from '../../src/shared/merge'
import { customerKeys } from '../../src/shared/search'
import { resolveIdentities, survivorIds } from '../identity/resolve'
import { refreshLifetimeValues } from '../model/lifetime-value'
import { validateDocument } from '../model/validate'
import { eraseCustomer } from './erase'
import { WEB_CUSTOMER_FIELDS } from '../../src/shared/protocol'
import { eventData, eventEnvelope } from './schemas'

export type EventOutcome = CommerceEventOutcome
/** Thrown inside a batch's transaction: the event at `index` is at fault, the rest may be fine (./batch.ts). */
export class EventRefused extends Error {
  constructor(readonly index: number, readonly error: AppError) {
    super(error.message)
  }
}

export function parseEvent(body: unknown): CommerceEvent {
  if (!eventEnvelope(body))
    throw new AppError('invalid-event', 'A commerce event is {id, type, occurredAt, data} with a known type.')
  const event = body as CommerceEvent
  const validate = eventData[event.type]
  if (validate && !validate(event.data))
    throw new AppError('invalid-event', `The data of ${event.type} event ${event.id} is not valid: ${validate.errors?.[0]?.instancePath ?? ''} ${validate.errors?.[0]?.message ?? ''}.`)
  return event
}

export async function applyOne(w: Writer, event: CommerceEvent): Promise<EventOutcome> {
  const { rows } = await w.query(
    `INSERT INTO commerce_events (id, type, occurred_at, outcome) VALUES ($1, $2, $3, 'applied') ON CONFLICT (id) DO NOTHING RETURNING id`,
    [event.id, event.type, event.occurredAt],
  )
  if (!rows.length)
    return 'duplicate'
  const outcome = await dispatch(w, event)
  if (outcome !== 'applied')
    await w.query('UPDATE commerce_events SET outcome = $2 WHERE id = $1', [event.id, outcome])
  return outcome
}

/** What an event is about, as the keys a writer locks (storage/writer.ts lockKeyOf). */
export function eventLockKeys(event: CommerceEvent): string[] {
  const data = event.data as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null)
  switch (event.type) {
    case 'customer.upserted':
      return [`customer:${String(data.id)}`]
    case 'product.upserted':
      return [`products:${String(data.id)}`]
    case 'inventory.updated':
      return [`inventory:${String(data.storeId)}:${String(data.sku)}`]
    case 'order.created':
      return [str(data.customerId) ? `customer:${String(data.customerId)}` : `orders:${String(data.id)}`]
    default:
      return [`customer:${String(data.customerId)}`]
  }
}

async function dispatch(w: Writer, event: CommerceEvent): Promise<EventOutcome> {
  const data = event.data as Record<string, unknown>
  switch (event.type) {
    case 'customer.upserted':
      return upsertCustomer(w, event, data)
    case 'cart.updated':
    case 'wishlist.updated':
      // One rule set for carts and wishlists: they are applied as a set (./list-events.ts), alone or in a batch.
      throw new Error(`${event.type} is applied by list-events.ts, not one at a time`)
    case 'order.created': {
      const order = { ...data, _deleted: false } as unknown as AnyDoc
      assertValid('orders', order, event)
      if (typeof order.customerId === 'string')
        order.customerId = await survivorOf(w, order.customerId)
      // Kept for the accounts, like the erased customer's other orders: without the address.
      if (typeof order.customerId === 'string' && await isErased(w, order.customerId))
        order.receipt = { ...(order.receipt as object), email: null }
      if (order.channel === 'store')
        throw new AppError('invalid-event', 'Store orders come from the tablets, not from the e-commerce platform.')
      const existing = await w.load('orders', [order.id])
      if (!existing.has(order.id)) {
        await w.write('orders', [order])
        if (typeof order.customerId === 'string')
          await refreshLifetimeValues(w, [order.customerId])
      }
      return 'applied'
    }
    case 'product.upserted': {
      const product = { ...data, _deleted: false } as unknown as AnyDoc
      assertValid('products', product, event)
      if (await staleFor(w, 'products', product.id, event.occurredAt))
        return 'stale'
      const before = (await w.load('products', [product.id])).get(product.id)
      const repriced = !!before && before.priceMinor !== product.priceMinor
      if (repriced) {
        await w.query('INSERT INTO price_history (sku, price_minor, valid_until) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [product.id, before.priceMinor, event.occurredAt])
        await w.query(`DELETE FROM price_history WHERE sku = $1 AND valid_until < now() - interval '30 days'`, [product.id])
      }
      // The last price change is the server's to record (Today's price drops read it): never the platform's say.
      product.previousPriceMinor = repriced ? before.priceMinor : (before?.previousPriceMinor ?? null)
      product.priceChangedAt = repriced ? event.occurredAt : (before?.priceChangedAt ?? null)
      await w.write('products', [product])
      return 'applied'
    }
    case 'inventory.updated': {
      const id = `${String(data.storeId)}:${String(data.sku)}`
      const stock = { id, storeId: data.storeId, sku: data.sku, onHand: data.onHand, updatedAt: event.occurredAt, _deleted: false } as AnyDoc
      assertValid('inventory', stock, event)
      if (await staleFor(w, 'inventory', id, event.occurredAt))
        return 'stale'
      await w.write('inventory', [stock])
      return 'applied'
    }
    case 'customer.erased':
      // A merged-away id is the same person: erasing it erases the survivor.
      await eraseCustomer(w, await survivorOf(w, String(data.customerId)), event.occurredAt)
      return 'applied'
  }
}

async function upsertCustomer(w: Writer, event: CommerceEvent, data: Record<string, unknown>): Promise<EventOutcome> {
  const platformId = String(data.id)
  // The platform may still speak of a profile merged away: its news is the survivor's.
  const id = await survivorOf(w, platformId)
  if (await isErased(w, id))
    return 'erased'
  const fields = Object.fromEntries(WEB_CUSTOMER_FIELDS.filter(f => f in data).map(f => [f, data[f]]))
  if (id !== platformId)
    delete fields.createdAt
  const outcome = await mergeFromPlatform(w, 'customers', { id, shadowId: platformId }, fields, newCustomer(id, event.occurredAt), event.occurredAt)
  if (outcome === 'applied' && typeof data.homeStoreId === 'string')
    await w.joinBook(data.homeStoreId, [id], 'home')
  if (outcome === 'applied')
    await resolveIdentities(w, [id], `commerce:${event.id}`)
  return outcome
}

async function mergeFromPlatform(
  w: Writer,
  collection: CollectionName,
  { id, shadowId }: { id: string, shadowId: string },
  fields: Record<string, unknown>,
  blank: AnyDoc,
  occurredAt: string,
): Promise<EventOutcome> {
  const { rows } = await w.query<{ data: Record<string, unknown>, stale: boolean }>(
    'SELECT data, occurred_at > $3::timestamptz AS stale FROM commerce_shadow WHERE collection = $1 AND id = $2',
    [collection, shadowId, occurredAt],
  )
  const shadow = rows[0]
  if (shadow?.stale)
    return 'stale'
  const master = (await w.load(collection, [id])).get(id) ?? null
  const merged = mergePlatformView(collection, master, shadow?.data ?? null, fields, blank, occurredAt, { id: `${collection}:${id}` })
  if (!master || !sameDocument(master, merged))
    await w.write(collection, [merged])
  await w.query(`
    INSERT INTO commerce_shadow (collection, id, occurred_at, data) VALUES ($1, $2, $3, $4::jsonb)
    ON CONFLICT (collection, id) DO UPDATE SET occurred_at = excluded.occurred_at, data = excluded.data`,
  [collection, shadowId, occurredAt, JSON.stringify(fields)])
  return 'applied'
}

/**
 * The platform's new view of a document merged three ways: its last view (the shadow) is
 * the base, so what the web changed since wins and what the store changed meanwhile stays.
 * Throws `invalid-event` when the result would not be a valid document.
 */
export function mergePlatformView(
  collection: CollectionName,
  master: AnyDoc | null,
  shadow: Record<string, unknown> | null,
  fields: Record<string, unknown>,
  blank: AnyDoc,
  occurredAt: string,
  event: { id: string },
): AnyDoc {
  const base = master ?? blank
  const next = withKeys(collection, { ...base, ...fields, updatedAt: occurredAt, _deleted: base._deleted === true })
  const assumed = shadow ? withKeys(collection, { ...base, ...shadow }) : null
  const merged = mergeDocument(collection, {
    assumedMasterState: (assumed ?? undefined) as never,
    realMasterState: (master ?? next) as never,
    newDocumentState: next as never,
  }) as unknown as AnyDoc
  assertValid(collection, merged, event)
  return merged
}

/**
 * The platform's event is older than the last one applied to this document: ignore it.
 * Otherwise remember its time (no data: products and stock are the platform's outright).
 */
async function staleFor(w: Writer, collection: 'products' | 'inventory', id: string, occurredAt: string): Promise<boolean> {
  const { rows } = await w.query<{ stale: boolean }>('SELECT occurred_at > $3::timestamptz AS stale FROM commerce_shadow WHERE collection = $1 AND id = $2', [collection, id, occurredAt])
  if (rows[0]?.stale)
    return true
  await w.query(`
    INSERT INTO commerce_shadow (collection, id, occurred_at, data) VALUES ($1, $2, $3, '{}'::jsonb)
    ON CONFLICT (collection, id) DO UPDATE SET occurred_at = excluded.occurred_at`, [collection, id, occurredAt])
  return false
}

/** Erased at the customer's request (a tombstone that names no survivor, unlike a merge). */
async function isErased(w: Writer, id: string): Promise<boolean> {
  return erased((await w.load('customers', [id])).get(id))
}

export function erased(customer: AnyDoc | undefined): boolean {
  return customer?._deleted === true && typeof customer.mergedInto !== 'string'
}

async function survivorOf(w: Writer, id: string): Promise<string> {
  return (await survivorIds(w, [id])).get(id) ?? id
}

function withKeys(collection: CollectionName, doc: AnyDoc): AnyDoc {
  if (collection !== 'customers')
    return doc
  return { ...doc, ...customerKeys(doc as never) }
}

function assertValid(collection: CollectionName, doc: AnyDoc, event: { id: string }): void {
  const problems = validateDocument(collection, doc)
  if (problems)
    throw new AppError('invalid-event', `Event ${event.id} would produce an invalid ${collection} document: ${problems}.`)
}

function newCustomer(id: string, at: string): AnyDoc {
  return {
    id,
    firstName: '',
    lastName: '',
    email: null,
    phone: null,
    language: 'it',
    loyaltyId: null,
    tier: 'member',
    homeStoreId: null,
    preferences: { sizes: {}, brands: [], categories: [], colours: [] },
    consents: {},
    tags: [],
    lifetimeValueMinor: 0,
    currency: 'EUR',
    createdAt: at,
    updatedAt: at,
    nameKey: '',
    nameKeyAlt: '',
    emailKey: '',
    phoneKey: '',
    loyaltyKey: '',
  }
}
