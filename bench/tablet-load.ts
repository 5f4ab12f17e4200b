/**
 * What a store's tablets push during a busy hour, as they push it: a visit, its five
 * interactions and its sale, a batch at a time, the next when the answer came. Shared by the
 * push benchmarks; a push that gets no answer (an instance killed under it) is sent again, as
 * the tablet's replication does, and a push answered with the document already there counts
 * as written once.
 */
import { ulid } from 'ulid'
import { makeInteraction, makeOrder, makeVisit } from '../test/fixtures/docs'

export const BENCH_ASSOCIATE = 'assoc-mi-02'
export type Pushed = Record<'visits' | 'interactions' | 'orders', Set<string>>

export interface TabletLoad {
  url: () => string
  tokens: string[]
  customers: string[]
  product: { sku: string, name: string, priceMinor: number }
  storeId: string
  until: () => boolean
  /** pause between a tablet's rounds (ms): a lighter load for the soak */
  pauseMs?: number
}

export function newPushed(): Pushed {
  return { visits: new Set(), interactions: new Set(), orders: new Set() }
}

export async function runTablets(load: TabletLoad, pushed: Pushed, latencies: number[], retries = { count: 0 }): Promise<void> {
  const push = async (token: string, collection: keyof Pushed, docs: { id: string }[]) => {
    const body = JSON.stringify(docs.map(d => ({ newDocumentState: d, assumedMasterState: null })))
    for (;;) {
      const start = performance.now()
      const res = await fetch(`${load.url()}/api/sync/${collection}/push`, {
        method: 'POST',
        headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
        body,
      }).then(async r => ({ status: r.status, text: await r.text() })).catch(() => null)
      if (res && res.status < 500) {
        latencies.push(performance.now() - start)
        if (res.status !== 200)
          throw new Error(`push ${collection}: ${res.status} ${res.text}`)
        docs.forEach(d => pushed[collection].add(d.id))
        return
      }
      retries.count += 1
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
  const { product, storeId } = load
  await Promise.all(load.tokens.map(async (token, t) => {
    for (let n = 0; !load.until(); n++) {
      const customerId = load.customers[(t * 997 + n) % load.customers.length]!
      const visit = makeVisit({ id: ulid(), storeId, associateId: BENCH_ASSOCIATE, customerId, startedAt: new Date().toISOString(), outcome: 'purchase' })
      await push(token, 'visits', [visit])
      const acts = Array.from({ length: 5 }, () => makeInteraction({ id: ulid(), visitId: visit.id, storeId, associateId: BENCH_ASSOCIATE, customerId, type: 'shown', at: new Date().toISOString() }))
      await push(token, 'interactions', acts)
      const price = product.priceMinor
      const lines = [{ sku: product.sku, name: product.name, size: '', qty: 1, unitPriceMinor: price, discountMinor: 0, discountReason: null, totalMinor: price }]
      await push(token, 'orders', [makeOrder({ id: ulid(), storeId, associateId: BENCH_ASSOCIATE, customerId, visitId: visit.id, placedAt: new Date().toISOString(), lines, subtotalMinor: price, totalMinor: price, vatMinor: Math.round(price * 2200 / 12_200), receipt: { email: null, language: 'it', status: 'none', reason: null, sentAt: null } })])
      if (load.pauseMs)
        await new Promise(resolve => setTimeout(resolve, load.pauseMs))
    }
  }))
}

export function pushedCount(pushed: Pushed): number {
  return pushed.visits.size + pushed.interactions.size + pushed.orders.size
}

/** Exactly what was sent, each once: the server holds every id pushed, and no other of the run's. */
export async function assertHeld(sql: { query: <R>(text: string, params?: unknown[]) => Promise<{ rows: R[] }> }, pushed: Pushed): Promise<void> {
  for (const collection of ['visits', 'interactions', 'orders'] as const) {
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [collection, JSON.stringify([...pushed[collection]])])
    if (Number(rows[0]!.n) !== pushed[collection].size)
      throw new Error(`${collection}: sent ${pushed[collection].size}, server holds ${rows[0]!.n}`)
  }
}
