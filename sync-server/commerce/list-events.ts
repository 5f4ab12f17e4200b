/**
 * Cart and wishlist events of a batch, applied as a set: the same rules as one event at a
 * time (./events.ts — once by id, stale when older than the last applied, nothing for an
 * erased customer, a three-way merge with the platform's last view), at a fixed number of
 * statements for the whole run.
 *
 * Everything the run needs is read first (which ids are new, survivors of merged profiles,
 * the customers, the platform's last views, the current documents). The events are then
 * merged in their order in memory — an event about a document an earlier event of the run
 * changed merges with that result, as it would after its commit — and what changed is
 * written at once. The caller holds the locks of every key of the run, so nothing read here
 * changes before the writes.
 */
import type { CommerceEvent } from '../../src/shared/protocol'
import type { AnyDoc, Writer } from '../storage/writer'
import type { EventOutcome } from './events'
import { sameDocument } from '../../src/shared/equal'
import { AppError } from '../../src/shared/errors'
import { survivorIds } from '../identity/resolve'
import { erased, EventRefused, mergePlatformView } from './events'

type ListCollection = 'carts' | 'wishlists'
/** The platform's last view of a document; `at` is kept as sent, `ms` compares. */
interface Shadow { data: Record<string, unknown>, ms: number, at: string, changed?: boolean }

export function isListEvent(event: CommerceEvent): boolean {
  return event.type === 'cart.updated' || event.type === 'wishlist.updated'
}

export async function applyListEvents(w: Writer, run: [number, CommerceEvent][]): Promise<[number, EventOutcome][]> {
  const fresh = await recordIds(w, run.map(([, e]) => e))
  const platformIds = [...new Set(run.map(([, e]) => String(e.data.customerId)))]
  const survivors = await survivorIds(w, platformIds)
  const idOf = (platformId: string) => survivors.get(platformId) ?? platformId
  const ids = [...new Set(platformIds.map(idOf))]
  const customers = await w.load('customers', ids)
  const shadows = await loadShadows(w, run.map(([, e]) => `${collectionOf(e)}:${String(e.data.customerId)}`))
  const masters = { carts: await w.load('carts', ids), wishlists: await w.load('wishlists', ids) }

  const outcomes: [number, EventOutcome][] = []
  const changed = new Map<string, { collection: ListCollection, doc: AnyDoc }>()
  const seenIds = new Set<string>()
  for (const [i, event] of run) {
    // The first of two events with one id in the batch is the one applied.
    if (!fresh.has(event.id) || seenIds.has(event.id)) {
      outcomes.push([i, 'duplicate'])
      continue
    }
    seenIds.add(event.id)
    const collection = collectionOf(event)
    const platformId = String(event.data.customerId)
    const id = idOf(platformId)
    if (erased(customers.get(id))) {
      outcomes.push([i, 'erased'])
      continue
    }
    const shadowKey = `${collection}:${platformId}`
    const shadow = shadows.get(shadowKey)
    const ms = Date.parse(event.occurredAt)
    if (shadow && shadow.ms > ms) {
      outcomes.push([i, 'stale'])
      continue
    }
    const fields = { items: event.data.items }
    const master = masters[collection].get(id) ?? null
    let merged: AnyDoc
    try {
      merged = mergePlatformView(collection, master, shadow?.data ?? null, fields, { id, customerId: id, items: [], updatedAt: event.occurredAt }, event.occurredAt, { id: `${collection}:${id}` })
    }
    catch (error) {
      throw error instanceof AppError ? new EventRefused(i, error) : error
    }
    if (!master || !sameDocument(master, merged)) {
      masters[collection].set(id, merged)
      changed.set(`${collection}:${id}`, { collection, doc: merged })
    }
    shadows.set(shadowKey, { data: fields, ms, at: event.occurredAt, changed: true })
    outcomes.push([i, 'applied'])
  }

  for (const collection of ['carts', 'wishlists'] as const)
    await w.write(collection, [...changed.values()].filter(c => c.collection === collection).map(c => c.doc))
  await saveShadows(w, shadows)
  const idAt = new Map(run.map(([i, e]) => [i, e.id]))
  const notApplied = outcomes.filter(([, o]) => o === 'stale' || o === 'erased').map(([i, o]) => ({ id: idAt.get(i), o }))
  if (notApplied.length)
    await w.query(`UPDATE commerce_events c SET outcome = x->>'o' FROM jsonb_array_elements($1::jsonb) x WHERE c.id = x->>'id'`, [JSON.stringify(notApplied)])
  return outcomes
}

function collectionOf(event: CommerceEvent): ListCollection {
  return event.type === 'cart.updated' ? 'carts' : 'wishlists'
}

/** Records every event id at once; returns the ids seen for the first time. */
async function recordIds(w: Writer, events: CommerceEvent[]): Promise<Set<string>> {
  const { rows } = await w.query<{ id: string }>(`
    INSERT INTO commerce_events (id, type, occurred_at, outcome)
    SELECT e->>'id', e->>'type', (e->>'occurredAt')::timestamptz, 'applied' FROM jsonb_array_elements($1::jsonb) e
    ON CONFLICT (id) DO NOTHING RETURNING id`,
  [JSON.stringify(events.map(e => ({ id: e.id, type: e.type, occurredAt: e.occurredAt })))])
  return new Set(rows.map(r => r.id))
}

async function loadShadows(w: Writer, keys: string[]): Promise<Map<string, Shadow>> {
  const wanted = [...new Set(keys)].map(splitKey)
  const { rows } = await w.query<{ c: string, id: string, data: Record<string, unknown>, ms: number }>(`
    SELECT s.collection AS c, s.id, s.data, (extract(epoch FROM s.occurred_at) * 1000)::float8 AS ms
    FROM commerce_shadow s JOIN jsonb_array_elements($1::jsonb) k ON s.collection = k->>'c' AND s.id = k->>'id'`,
  [JSON.stringify(wanted)])
  return new Map(rows.map(r => [`${r.c}:${r.id}`, { data: r.data, ms: Number(r.ms), at: new Date(Number(r.ms)).toISOString() }]))
}

function splitKey(key: string): { c: string, id: string } {
  const at = key.indexOf(':')
  return { c: key.slice(0, at), id: key.slice(at + 1) }
}

async function saveShadows(w: Writer, shadows: Map<string, Shadow>): Promise<void> {
  const rows = [...shadows].filter(([, s]) => s.changed).map(([key, s]) => ({ ...splitKey(key), at: s.at, data: s.data }))
  if (!rows.length)
    return
  await w.query(`
    INSERT INTO commerce_shadow (collection, id, occurred_at, data)
    SELECT r->>'c', r->>'id', (r->>'at')::timestamptz, r->'data' FROM jsonb_array_elements($1::jsonb) r
    ON CONFLICT (collection, id) DO UPDATE SET occurred_at = excluded.occurred_at, data = excluded.data`,
  [JSON.stringify(rows)])
}
