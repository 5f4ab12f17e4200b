/**
 * Issue 24: a new tablet's first download comes in stages — the store, staff, catalogue,
 * tasks and appointments (sign-in opens); the customers; carts, wishlists and messages; the
 * history — and each collection replicates as soon as its own download is in, so what an
 * associate does while the rest still downloads reaches the server once and is never
 * overwritten. A customer opened before the customers arrived is written ahead of the
 * download and keeps what the associate changed. A reload in the middle asks for no finished
 * stage again.
 */
import type { ClientelingDatabase } from '../../src/db/database'
import type { ClientelingReplication } from '../../src/sync/replication'
import type { CollectionName } from '../../src/shared/types'
import type { TestServer } from './harness'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { bootstrapDownload } from '../../src/sync/bootstrap'
import { pullHandlerFor, pullNewest } from '../../src/sync/handlers'
import { replicationIdentifier, startReplication } from '../../src/sync/replication'
import { CUSTOMERS_STAGE, FIRST_DOWNLOAD_STAGES, SIGN_IN_STAGE } from '../../src/shared/collections'
import { makeOrder, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { startTestServer } from './harness'

const RECENT = new Date(Date.now() - 86_400_000).toISOString()
const inStore = { storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' }

/** A fetch that logs every request and holds the pulls of `held` (the history's) until `release()`. */
function heldHistory(held: readonly CollectionName[] = FIRST_DOWNLOAD_STAGES.at(-1)!) {
  const log: string[] = []
  /** collections asked for from the very start (no checkpoint): a download, or a replication with nothing yet */
  const fromStart: string[] = []
  let release = () => {}
  const released = new Promise<void>(resolve => release = resolve)
  const fetchFn: typeof fetch = async (input, init) => {
    const url = String(input)
    const collection = /\/api\/sync\/(\w+)\/(pull|push)/.exec(url)
    if (collection)
      log.push(`${collection[2]} ${collection[1]}`)
    // From the start: no checkpoint, or the history's first newest-first page (no handover position yet).
    if (collection?.[2] === 'pull' && (url.includes('checkpoint=null') || (url.includes('order=newest') && !url.includes('below='))))
      fromStart.push(collection[1]!)
    if (collection?.[2] === 'pull' && held.includes(collection[1] as CollectionName))
      await released
    return globalThis.fetch(input, init)
  }
  return { log, fromStart, fetchFn, release }
}

describe('a new tablet\'s first download, in stages', () => {
  let server: TestServer
  let device: { deviceId: string, token: string }
  const running: ClientelingReplication[] = []
  const opened: ClientelingDatabase[] = []
  const open = async () => {
    const db = await createDatabase({ storage: getRxStorageMemory(), name: `staged${Date.now()}${Math.random().toString(36).slice(2, 6)}`, multiInstance: false })
    opened.push(db)
    return db
  }
  const start = (db: ClientelingDatabase, fetchFn: typeof fetch, onStageDone: (stage: number) => void, stagesDone = 0) => {
    const replication = startReplication({ db, baseUrl: server.url, token: device.token, deviceId: device.deviceId, waitForLeadership: false, retryTime: 200, fetch: fetchFn, bootstrap: { onStageDone, stagesDone } })
    running.push(replication)
    return replication
  }

  beforeAll(async () => {
    server = await startTestServer('pglite')
    await server.load({
      ...world(),
      orders: [
        makeOrder({ ...inStore, id: 'ord-alice', visitId: 'visit-alice', placedAt: RECENT }),
        makeOrder({ ...inStore, id: 'ord-alice-older', visitId: null, placedAt: new Date(Date.now() - 30 * 86_400_000).toISOString() }),
        makeOrder({ ...inStore, id: 'ord-alice-oldest', visitId: null, placedAt: new Date(Date.now() - 60 * 86_400_000).toISOString() }),
      ],
      visits: [makeVisit({ ...inStore, id: 'visit-alice', startedAt: RECENT, endedAt: RECENT, outcome: 'purchase', orderId: 'ord-alice' })],
    })
    device = await server.enroll('store-a')
  })
  afterEach(async () => {
    await Promise.all(running.splice(0).map(r => r.cancel()))
    await Promise.all(opened.splice(0).map(db => db.close()))
  })
  afterAll(() => server.close())

  it('brings the stages in order, the staff before the customers and the customers before the history, and each stage only after the one before', async () => {
    const db = await open()
    const { log, fetchFn, release } = heldHistory()
    const stages: number[] = []
    let signInReady!: () => void
    const ready = new Promise<void>(resolve => signInReady = resolve)
    start(db, fetchFn, (stage) => {
      stages.push(stage)
      if (stage === SIGN_IN_STAGE)
        signInReady()
    })
    await ready
    // Sign-in is open: the staff are there.
    expect(await db.associates.findOne('assoc-a1').exec()).not.toBeNull()
    await expect.poll(() => stages, { timeout: 30_000 }).toEqual([0, 1, 2])
    // The customers are in, the history is still held.
    expect(await db.customers.findOne('cus-alice').exec()).not.toBeNull()
    expect(await db.orders.count().exec()).toBe(0)
    release()
    await expect.poll(() => stages, { timeout: 30_000 }).toEqual([0, 1, 2, 3])
    expect(await db.orders.findOne('ord-alice').exec()).not.toBeNull()
    // Each stage's first download request after the last of the stage before.
    const firstPull = (c: CollectionName) => log.indexOf(`pull ${c}`)
    const lastPull = (c: CollectionName) => log.lastIndexOf(`pull ${c}`)
    for (let s = 1; s < FIRST_DOWNLOAD_STAGES.length; s++) {
      const before = Math.max(...FIRST_DOWNLOAD_STAGES[s - 1]!.map(c => log.slice(0, firstPull(FIRST_DOWNLOAD_STAGES[s]![0]!)).lastIndexOf(`pull ${c}`)))
      for (const c of FIRST_DOWNLOAD_STAGES[s]!)
        expect(firstPull(c), `${c} after stage ${s - 1}`).toBeGreaterThan(before)
    }
    // Then the orders replicate: a pull of their own after the download's.
    await expect.poll(() => lastPull('orders'), { timeout: 30_000 }).toBeGreaterThan(firstPull('orders'))
  })

  it('pushes an edit and a visit made while the history downloads once each, and keeps the edit', async () => {
    const db = await open()
    const { log, fetchFn, release } = heldHistory()
    let signInReady!: () => void
    const ready = new Promise<void>(resolve => signInReady = resolve)
    const replication = start(db, fetchFn, stage => stage === CUSTOMERS_STAGE && signInReady())
    await ready
    // The associate tags Alice and starts a visit for her; the history is still on its way.
    const alice = (await db.customers.findOne('cus-alice').exec())!
    await alice.incrementalPatch({ tags: [...alice.tags, 'during-download'] })
    await db.visits.insert(makeVisit({ ...inStore, id: 'visit-during-download', startedAt: new Date().toISOString() }))
    // The customer's edit goes at once: customers replicate since their stage ended.
    const tablet = apiClient(server.url, device.token)
    await expect.poll(async () => (await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')?.tags, { timeout: 30_000 }).toContain('during-download')
    release()
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    expect((await tablet.pullAll('visits')).documents.map(d => d.id)).toContain('visit-during-download')
    expect((await db.customers.findOne('cus-alice').exec())!.tags).toContain('during-download')
    expect(await db.orders.findOne('ord-alice').exec()).not.toBeNull()
    expect(log.filter(l => l === 'push customers')).toHaveLength(1)
    expect(log.filter(l => l === 'push visits')).toHaveLength(1)
  })

  it('writes a customer opened before the customers arrived ahead of the download, and the download keeps the associate\'s edit', async () => {
    const db = await open()
    const { log, fetchFn, release } = heldHistory(['customers'])
    let signInReady!: () => void
    const ready = new Promise<void>(resolve => signInReady = resolve)
    const replication = start(db, fetchFn, stage => stage === SIGN_IN_STAGE && signInReady())
    await ready
    expect(await db.customers.count().exec()).toBe(0)
    // The lookup found Alice on the server; her profile brings her document at once.
    const tablet = apiClient(server.url, device.token)
    const aliceOnServer = (await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    await replication.writeAhead({ customers: [aliceOnServer] })
    const alice = (await db.customers.findOne('cus-alice').exec())!
    expect(alice.lastName).toBe(aliceOnServer.lastName)
    await alice.incrementalPatch({ tags: [...alice.tags, 'opened-early'] })
    // Nothing pushed yet: customers replicate once their download is in.
    expect(log.filter(l => l === 'push customers')).toHaveLength(0)
    release()
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    // The download's older copy did not overwrite the edit, and the edit reached the server once.
    expect((await db.customers.findOne('cus-alice').exec())!.tags).toContain('opened-early')
    expect((await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')?.tags).toContain('opened-early')
    expect(log.filter(l => l === 'push customers')).toHaveLength(1)
    expect(await db.customers.count().exec()).toBe((await tablet.pullAll('customers')).documents.filter(d => !d._deleted).length)
  })

  it('downloads the history newest first, and a reload in the middle resumes where it was, at the same handover position', async () => {
    const db = await open()
    const controller = new AbortController()
    const ctx = { baseUrl: server.url, token: device.token, fetch: globalThis.fetch, signal: controller.signal, timeout: 10_000 }
    const asked: { below: number | null, cursor: string | null }[] = []
    const written: string[] = []
    const run = (stopAfterFirstOrder: boolean) => bootstrapDownload({
      db,
      ctx,
      pageSize: 1,
      identifierFor: c => replicationIdentifier(server.url, device.deviceId, c),
      pull: (c, checkpoint, limit) => pullHandlerFor(ctx, c)(checkpoint, limit) as Promise<{ documents: unknown[], checkpoint: undefined }>,
      pullNewest: async (c, below, cursor, limit) => {
        if (c === 'orders')
          asked.push({ below, cursor: cursor?.id ?? null })
        const page = await pullNewest(ctx, c, below, cursor, limit)
        if (c === 'orders') {
          written.push(...page.documents.map(d => (d as { id: string }).id))
          if (stopAfterFirstOrder)
            controller.abort()
        }
        return page
      },
    })
    await run(true).catch(() => undefined)
    expect(written[0]).toBe('ord-alice')
    const firstBelow = asked[0]!.below
    expect(firstBelow).toBeNull()
    asked.splice(0)
    // The reload: a new download on the same database, from where the last one wrote down.
    ctx.signal = new AbortController().signal
    await run(false)
    expect(asked[0]!.cursor).toBe('ord-alice')
    expect(new Set(asked.map(a => a.below)).size).toBe(1)
    expect(written).toEqual(['ord-alice', 'ord-alice-older', 'ord-alice-oldest'])
    expect((await db.orders.find().exec()).map(d => d.id).sort()).toEqual(['ord-alice', 'ord-alice-older', 'ord-alice-oldest'])
  })

  it('asks for no finished stage again after a reload in the middle', async () => {
    const db = await open()
    const first = heldHistory()
    const stages: number[] = []
    const replication = start(db, first.fetchFn, stage => stages.push(stage))
    await expect.poll(() => stages, { timeout: 30_000 }).toEqual([0, 1, 2])
    await replication.cancel()
    // The reload: the app knows three stages are in (it keeps that beside the checkpoints).
    const second = heldHistory()
    second.release()
    const again: number[] = []
    const resumed = start(db, second.fetchFn, stage => again.push(stage), 3)
    await expect.poll(() => again, { timeout: 30_000 }).toEqual([3])
    await resumed.awaitInitialReplication()
    await resumed.awaitInSync()
    // The finished stages' collections replicate from their checkpoints: none is asked for
    // from the start again (those the server had documents of; an empty one has no checkpoint).
    const hadDocuments: CollectionName[] = ['stores', 'associates', 'products', 'inventory', 'customers', 'carts', 'wishlists']
    expect(first.fromStart).toEqual(expect.arrayContaining(hadDocuments))
    expect(second.fromStart.filter(c => hadDocuments.includes(c as CollectionName))).toEqual([])
    expect(second.fromStart).toEqual(expect.arrayContaining(['orders', 'visits']))
    expect(await db.orders.findOne('ord-alice').exec()).not.toBeNull()
  })
})
