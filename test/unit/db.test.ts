import type { ClientelingDatabase } from '../../src/db/types'
import type { Checkpoint } from '../../src/shared/protocol'
import type { CollectionName, CustomerDoc, InventoryDoc, WithDeleted } from '../../src/shared/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { firstValueFrom, filter } from 'rxjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { pullHandlerFor, pushHandlerFor, replicationIdentifier, startReplication, SyncHttpError } from '../../src/sync/replication'
import { COLLECTIONS } from '../../src/shared/collections'
import { AppError } from '../../src/shared/errors'
import { makeAppointment, makeCart, makeCustomer, makeInteraction, makeOrder, makeProduct, makeOutreach, makeTask, makeVisit, T0 } from '../fixtures/docs'
import { makeAssociate, makeStore } from '../fixtures/world'

const BASE = 'https://sync.example'

const makeInventory = (o: Partial<InventoryDoc> = {}): InventoryDoc => ({ id: 'store-a:SKU-A', updatedAt: T0, storeId: 'store-a', sku: 'SKU-A', onHand: 3, ...o })

const validDocs: Record<CollectionName, object> = {
  stores: makeStore(),
  associates: makeAssociate(),
  products: makeProduct(),
  inventory: makeInventory(),
  customers: makeCustomer(),
  carts: makeCart(),
  wishlists: makeCart(),
  orders: makeOrder(),
  visits: makeVisit(),
  interactions: makeInteraction(),
  tasks: makeTask(),
  outreach: makeOutreach(),
  appointments: makeAppointment(),
}

let counter = 0
const open: ClientelingDatabase[] = []

async function newDb(devMode = false) {
  const db = await createDatabase({ storage: getRxStorageMemory(), name: `test-${process.pid}-${counter++}`, multiInstance: false, devMode })
  open.push(db)
  return db
}

afterEach(async () => {
  await Promise.all(open.splice(0).map(db => db.remove()))
})

interface Call { url: string, method: string, headers: Record<string, string>, body: unknown }

/** A fetch that records calls and answers from `respond`. */
function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    calls.push(call)
    return respond(call)
  })
  return { fetch: fn as unknown as typeof fetch, calls }
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

function ctx(f: typeof fetch, onAuthError?: (code: string) => void) {
  return { baseUrl: BASE, token: 'tok-1', fetch: f, onAuthError, signal: new AbortController().signal, timeout: 5000 }
}

describe('createDatabase', () => {
  it('creates every collection and accepts a valid document in each', async () => {
    const db = await newDb()
    expect(Object.keys(db.collections).sort()).toEqual([...COLLECTIONS].sort())
    for (const name of COLLECTIONS) {
      const doc = validDocs[name] as { id: string }
      await db[name].insert(doc as never)
      const stored = await db[name].findOne(doc.id).exec()
      const { _deleted, ...fields } = doc as { _deleted?: boolean }
      expect(stored?.toJSON(), name).toEqual(fields)
    }
  })

  it('validates against the shared schema', async () => {
    const db = await newDb()
    await expect(db.customers.insert(makeCustomer({ tier: 'diamond' as never }))).rejects.toMatchObject({ code: 'VD2' })
    await expect(db.products.insert({ ...makeProduct(), extra: 1 } as never)).rejects.toMatchObject({ code: 'VD2' })
  })

  it('uses the shared merge as conflict handler', async () => {
    const db = await newDb()
    const assumed = makeCustomer()
    const realMasterState = makeCustomer({ tier: 'platinum', tags: ['vip', 'regular', 'web'] })
    const newDocumentState = makeCustomer({ phone: '+39 333 765 4321', tags: ['vip', 'regular', 'store'] })
    const resolved = await db.customers.conflictHandler.resolve({ assumedMasterState: assumed, realMasterState, newDocumentState }, 'test')
    expect(resolved.tier).toBe('platinum')
    expect(resolved.phone).toBe('+39 333 765 4321')
    expect(resolved.phoneKey).toBe('3337654321')
    expect([...resolved.tags].sort()).toEqual(['regular', 'store', 'vip', 'web'])
    // RxDB's bookkeeping is not part of a document.
    const withMeta = { ...assumed, _rev: '1-abc', _meta: { lwt: 1 } } as unknown as WithDeleted<CustomerDoc>
    expect(db.customers.conflictHandler.isEqual(assumed, withMeta, 'test')).toBe(true)
    expect(db.customers.conflictHandler.isEqual(assumed, realMasterState, 'test')).toBe(false)
  })
})

describe('replication handlers', () => {
  it('pulls with the encoded checkpoint, the limit and the bearer token', async () => {
    const doc = makeCustomer()
    const { fetch, calls } = fakeFetch(() => json({ documents: [doc], checkpoint: { seq: 9, id: doc.id } }))
    const pull = pullHandlerFor(ctx(fetch), 'customers')
    const result = await pull({ seq: 5, id: 'a b&c' }, 500)
    expect(calls[0]!.url).toBe(`${BASE}/api/sync/customers/pull?checkpoint=%7B%22seq%22%3A5%2C%22id%22%3A%22a%20b%26c%22%7D&limit=500`)
    expect(calls[0]!.headers.authorization).toBe('Bearer tok-1')
    expect(result).toEqual({ documents: [doc], checkpoint: { seq: 9, id: doc.id } })
  })

  it('sends a null checkpoint first and keeps its own when the server has none', async () => {
    const { fetch, calls } = fakeFetch(() => json({ documents: [], checkpoint: null }))
    const pull = pullHandlerFor(ctx(fetch), 'stores')
    expect(await pull(undefined, 10)).toEqual({ documents: [], checkpoint: undefined })
    expect(calls[0]!.url).toBe(`${BASE}/api/sync/stores/pull?checkpoint=null&limit=10`)
    const mine: Checkpoint = { seq: 3, id: 'x' }
    expect((await pull(mine, 10)).checkpoint).toEqual(mine)
  })

  it('pushes rows without RxDB bookkeeping and returns the conflicts', async () => {
    const master = makeCustomer({ tier: 'silver' })
    const { fetch, calls } = fakeFetch(() => json([master]))
    const push = pushHandlerFor(ctx(fetch), 'customers')
    const local = { ...makeCustomer({ tier: 'gold' }), _rev: '2-x', _meta: { lwt: 1 }, _attachments: {} }
    const conflicts = await push([
      { newDocumentState: local, assumedMasterState: { ...makeCustomer(), _rev: '1-x', _meta: { lwt: 0 } } as never },
      { newDocumentState: { ...makeCustomer({ id: 'new' }), _meta: { lwt: 2 } } as never },
    ])
    expect(conflicts).toEqual([master])
    const call = calls[0]!
    expect(call.method).toBe('POST')
    expect(call.url).toBe(`${BASE}/api/sync/customers/push`)
    expect(call.headers['content-type']).toBe('application/json')
    expect(call.headers.authorization).toBe('Bearer tok-1')
    expect(call.body).toEqual([
      { newDocumentState: makeCustomer({ tier: 'gold' }), assumedMasterState: makeCustomer() },
      { newDocumentState: makeCustomer({ id: 'new' }), assumedMasterState: null },
    ])
  })

  it('turns an error body into an error carrying code and status', async () => {
    const { fetch } = fakeFetch(() => json({ error: { code: 'invalid-document', message: 'tier must be one of …' } }, 422))
    const error = await pushHandlerFor(ctx(fetch), 'customers')([{ newDocumentState: makeCustomer() }]).catch(e => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'invalid-document', status: 422, message: 'tier must be one of …' })
  })

  it('keeps unknown codes and non-JSON bodies, and reports a 401', async () => {
    const onAuthError = vi.fn()
    const answers = [
      json({ error: { code: 'device-revoked', message: 'This device was revoked.' } }, 401),
      json({ error: { code: 'brand-new-code', message: 'From a newer server.' } }, 409),
      new Response('<html>Bad gateway</html>', { status: 502 }),
    ]
    const { fetch } = fakeFetch(() => answers.shift()!)
    const pull = pullHandlerFor(ctx(fetch, onAuthError), 'customers')
    await expect(pull(undefined, 1)).rejects.toMatchObject({ code: 'device-revoked', status: 401 })
    expect(onAuthError).toHaveBeenCalledWith('device-revoked')
    const unknown = await pull(undefined, 1).catch(e => e)
    expect(unknown).toBeInstanceOf(SyncHttpError)
    expect(unknown).toMatchObject({ code: 'brand-new-code', status: 409 })
    await expect(pull(undefined, 1)).rejects.toMatchObject({ code: 'http-502', status: 502 })
    expect(onAuthError).toHaveBeenCalledTimes(1)
  })

  it('keeps the replication identifier stable per device and server', () => {
    expect(replicationIdentifier(`${BASE}/`, 'dev-1', 'carts')).toBe(`clienteling:${BASE}:dev-1:carts`)
    expect(replicationIdentifier(BASE, 'dev-1', 'carts')).toBe(replicationIdentifier(`${BASE}/`, 'dev-1', 'carts'))
  })
})

describe('startReplication against a fake server', () => {
  it('pulls, pushes, follows the stream and resyncs on connect', async () => {
    const db = await newDb()
    const store = { ...makeStore(), _deleted: false }
    let stream: ReadableStreamDefaultController<Uint8Array> | undefined
    const { fetch, calls } = fakeFetch((call) => {
      if (call.url.endsWith('/api/sync/stream')) {
        const body = new ReadableStream<Uint8Array>({
          start: (c) => {
            stream = c
          },
        })
        return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
      }
      if (call.url.includes('/stores/pull?checkpoint=null'))
        return json({ documents: [store], checkpoint: { seq: 1, id: store.id } })
      if (call.url.includes('/pull'))
        return json({ documents: [], checkpoint: null })
      return json([])
    })
    const statuses: string[] = []
    const sync = startReplication({ db, baseUrl: BASE, token: 'tok-1', deviceId: 'dev-1', fetch, waitForLeadership: false })
    const sub = sync.status$.subscribe(s => statuses.push(s))
    try {
      await sync.awaitInitialReplication()
      expect((await db.stores.findOne(store.id).exec())?.name).toBe(store.name)
      // Only what a device may write is pushed.
      expect(sync.replications.stores.push).toBeUndefined()
      expect(sync.replications.visits.push).toBeDefined()

      await db.visits.insert(makeVisit())
      await sync.awaitInSync()
      const push = calls.find(c => c.url.endsWith('/visits/push'))
      expect(push?.body).toEqual([{ newDocumentState: makeVisit(), assumedMasterState: null }])

      await firstValueFrom(sync.status$.pipe(filter(s => s === 'live')))
      const product = { ...makeProduct(), _deleted: false }
      const event = JSON.stringify({ collection: 'products', documents: [product], checkpoint: { seq: 7, id: product.id } })
      const bytes = new TextEncoder().encode(`: heartbeat\n\ndata: ${event}\n\n`)
      stream!.enqueue(bytes.slice(0, 20))
      stream!.enqueue(bytes.slice(20))
      await vi.waitFor(async () => expect((await db.products.findOne(product.id).exec())?.sku).toBe('SKU-A'))

      // The server drops the stream: after the back-off the client reconnects and pulls everything (RESYNC).
      const pullsBefore = calls.filter(c => c.url.includes('/customers/pull')).length
      stream!.close()
      await vi.waitFor(() => expect(calls.filter(c => c.url.endsWith('/api/sync/stream'))).toHaveLength(2), { timeout: 3000 })
      await vi.waitFor(() => expect(calls.filter(c => c.url.includes('/customers/pull')).length).toBeGreaterThan(pullsBefore))
      expect(statuses).toEqual(['offline', 'connecting', 'live', 'offline', 'connecting', 'live'])
      // The stream event's checkpoint became the collection's: the catch-up pull starts from it.
      const fromStream = encodeURIComponent(JSON.stringify({ seq: 7, id: product.id }))
      await vi.waitFor(() => expect(calls.some(c => c.url.includes(`/products/pull?checkpoint=${fromStream}&`))).toBe(true))
    }
    finally {
      sub.unsubscribe()
      await sync.cancel()
    }
  })
})

describe('the sync stream', () => {
  it('reports a refused stream, retries, and stops on cancel', async () => {
    const db = await newDb()
    const onAuthError = vi.fn()
    const { fetch, calls } = fakeFetch(call => call.url.endsWith('/api/sync/stream')
      ? json({ error: { code: 'device-revoked', message: 'This device was revoked.' } }, 401)
      : json(call.method === 'POST' ? [] : { documents: [], checkpoint: null }))
    const sync = startReplication({ db, baseUrl: BASE, token: 'tok-1', deviceId: 'dev-1', fetch, waitForLeadership: false, onAuthError })
    const streams = () => calls.filter(c => c.url.endsWith('/api/sync/stream')).length
    try {
      await firstValueFrom(sync.status$.pipe(filter(s => s === 'error')))
      expect(onAuthError).toHaveBeenCalledWith('device-revoked')
      await vi.waitFor(() => expect(streams()).toBe(2), { timeout: 3000 })
    }
    finally {
      await sync.cancel()
    }
    expect(await firstValueFrom(sync.status$)).toBe('offline')
    const after = streams()
    await new Promise(resolve => setTimeout(resolve, 1200))
    expect(streams()).toBe(after)
  })
})

describe('createDatabase in dev-mode', () => {
  // Last: dev-mode is a global RxDB plugin and slows every later database in this file.
  it('passes RxDB\'s schema checks', async () => {
    const db = await newDb(true)
    await db.customers.insert(makeCustomer())
    expect(await db.customers.count().exec()).toBe(1)
  })
})
