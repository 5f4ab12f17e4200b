import type { ClientelingDatabase } from '../../src/db/database'
import type { ClientelingReplication } from '../../src/sync/replication'
import type { CollectionName } from '../../src/shared/types'
import type { TestServer } from './harness'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { bootstrapDownload, storedPage } from '../../src/sync/bootstrap'
import { replicationIdentifier, startReplication } from '../../src/sync/replication'
import { BAND_TOP, createRevision, FIRST_DOWNLOAD_LWT, metaKey, openMetaInstance, originOf, readCheckpointDoc } from '../../src/db/rxdb-internals'
import { pullHandlerFor } from '../../src/sync/handlers'
import { COLLECTIONS } from '../../src/shared/collections'
import { makeCustomer, tabletCustomerId } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { startTestServer } from './harness'

const WRITTEN_MEANWHILE = tabletCustomerId('written-meanwhile')

/** A fetch that remembers every request the tablet made. */
function recordingFetch() {
  const urls: string[] = []
  const fetchFn: typeof fetch = (input, init) => {
    urls.push(String(input))
    return globalThis.fetch(input, init)
  }
  return { urls, fetchFn }
}

describe('a new tablet\'s first download, written straight into the storage', () => {
  let server: TestServer
  let device: { deviceId: string, token: string }
  const open = async () => remember(await createDatabase({ storage: getRxStorageMemory(), name: `bootstrap${Date.now()}${Math.random().toString(36).slice(2, 6)}`, multiInstance: false }))
  const remember = (db: ClientelingDatabase) => {
    opened.push(db)
    return db
  }

  beforeAll(async () => {
    server = await startTestServer('pglite')
    await server.load(world())
    device = await server.enroll('store-a')
  })
  afterAll(async () => {
    await server.close()
  })
  // Closed even when a test fails: the free RxDB allows only so many open collections.
  const opened: ClientelingDatabase[] = []
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(db => db.close()))
  })

  const start = (db: ClientelingDatabase, fetchFn?: typeof fetch, onWritten?: (c: CollectionName, n: number) => void): ClientelingReplication =>
    startReplication({ db, baseUrl: server.url, token: device.token, deviceId: device.deviceId, waitForLeadership: false, retryTime: 200, fetch: fetchFn, bootstrap: onWritten ? { onWritten } : undefined })

  it('downloads everything once: the replication then starts after it, pulling nothing again and pushing nothing', async () => {
    const db = await open()
    const { urls, fetchFn } = recordingFetch()
    const written: Partial<Record<CollectionName, number>> = {}
    const replication = start(db, fetchFn, (c, n) => written[c] = (written[c] ?? 0) + n)
    await replication.awaitInitialReplication()
    await replication.awaitInSync()

    expect((await db.customers.find().exec()).map(d => d.id)).toEqual(['cus-alice'])
    expect(await db.stores.count().exec()).toBe(3)
    expect(written).toMatchObject({ customers: 1, carts: 1, wishlists: 1, stores: 3 })
    // (A collection the server has nothing of has no checkpoint to resume from.)
    for (const c of COLLECTIONS.filter(c => written[c]))
      expect(urls.filter(u => u.includes(`/api/sync/${c}/pull?checkpoint=null`)), c).toHaveLength(1)
    expect(urls.filter(u => u.includes('/push'))).toEqual([])
    // Where the upstream resumes: after the download's band, so it reads none of it again; and
    // no master state was written for what was downloaded.
    const meta = await openMetaInstance(db, db.customers, replicationIdentifier(server.url, device.deviceId, 'customers'))
    expect((await readCheckpointDoc(meta, 'up'))?.checkpointData).toEqual({ id: '', lwt: BAND_TOP })
    expect(await meta.findDocumentsById([metaKey(meta, 'cus-alice', '0')], true)).toEqual([])
    await meta.close()
    expect((await db.customers.findOne('cus-alice').exec())!.toJSON(true)._meta.lwt).toBe(FIRST_DOWNLOAD_LWT)
    await replication.cancel()
  })

  it('asks for the next page while it writes the one before, and saves the checkpoint of written pages only', async () => {
    const db = await open()
    const ctx = { baseUrl: server.url, token: device.token, fetch: globalThis.fetch, signal: new AbortController().signal, timeout: 10_000 }
    // How many stores the download had written when each page of stores was asked for (pages of one).
    const heldWhenAsked: number[] = []
    let written = 0
    await bootstrapDownload({
      db,
      ctx,
      pageSize: 1,
      identifierFor: c => replicationIdentifier(server.url, device.deviceId, c),
      onWritten: (c, count) => {
        written += c === 'stores' ? count : 0
      },
      pull: async (c, checkpoint, limit) => {
        if (c === 'stores')
          heldWhenAsked.push(written)
        return await pullHandlerFor(ctx, c)(checkpoint, limit) as { documents: unknown[], checkpoint: undefined }
      },
    })
    // Three stores, then an empty page: each asked for before the page ahead of it was written.
    expect(heldWhenAsked).toEqual([0, 0, 1, 2])
    expect(await db.stores.count().exec()).toBe(3)
    const meta = await openMetaInstance(db, db.stores, replicationIdentifier(server.url, device.deviceId, 'stores'))
    const down = (await readCheckpointDoc(meta, 'down'))?.checkpointData as { id: string }
    expect((await db.stores.findOne(down.id).exec())?.id).toBe(down.id)
    await meta.close()
  })

  it('resumes a download stopped before a page\'s checkpoint: what that page left is written over with the server\'s state', async () => {
    const db = await open()
    const onServer = (await apiClient(server.url, device.token).pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    // Left by a download stopped after a page's documents, before its checkpoint: an older Alice.
    const older = { ...onServer, tags: ['older'] }
    const identifier = replicationIdentifier(server.url, device.deviceId, 'customers')
    const original = db.customers.storageInstance.originalStorageInstance
    const page = storedPage([older], db.token, await originOf(db, identifier, createRevision(db.token)))
    expect((await original.bulkWrite(page.map(document => ({ document })) as never, 'test')).error).toEqual([])

    const { urls, fetchFn } = recordingFetch()
    const written: Partial<Record<CollectionName, number>> = {}
    const replication = start(db, fetchFn, (c, n) => written[c] = (written[c] ?? 0) + n)
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    expect(written.customers).toBe(1)
    expect((await db.customers.findOne('cus-alice').exec())?.toMutableJSON()).toMatchObject({ tags: onServer.tags })
    const meta = await openMetaInstance(db, db.customers, identifier)
    expect(await readCheckpointDoc(meta, 'down')).toBeDefined()
    await meta.close()
    expect(urls.filter(u => u.includes('/push'))).toEqual([])
    await replication.cancel()
  })

  it('leaves a document this tablet wrote as it is, where a resumed download would bring an older state', async () => {
    const db = await open()
    const onServer = (await apiClient(server.url, device.token).pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    // Written here (an associate's edit, not the download): outside the band.
    await db.customers.insert({ ...onServer, tags: ['edited-here'] } as never)
    const replication = start(db, undefined, () => undefined)
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    // Pushed and merged with the server's, never overwritten by the download's copy.
    expect((await db.customers.findOne('cus-alice').exec())!.tags).toContain('edited-here')
    expect((await apiClient(server.url, device.token).pullAll('customers')).documents.find(d => d.id === 'cus-alice')!.tags).toContain('edited-here')
    await replication.cancel()
  })

  it('keeps what the server sent as the base of a later merge, so a change made elsewhere survives the tablet\'s edit', async () => {
    const db = await open()
    let replication = start(db, undefined, () => undefined)
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    await replication.cancel()

    // Offline, another tablet sets Alice's language; this one only tags her.
    const other = apiClient(server.url, (await server.enroll('store-a')).token)
    const master = (await other.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    expect((await other.push('customers', [{ newDocumentState: { ...master, language: 'en' } as typeof master, assumedMasterState: master }])).body).toEqual([])
    const local = (await db.customers.findOne('cus-alice').exec())!
    await local.incrementalPatch({ tags: [...local.tags, 'bootstrap-tag'] })

    replication = start(db)
    await replication.awaitInSync()
    const onServer = (await other.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    // Without the base, every field the tablet holds would count as changed there: Italian would come back.
    expect(onServer).toMatchObject({ language: 'en', tags: expect.arrayContaining(['bootstrap-tag']) })
    await replication.cancel()
  })

  it('still pushes a document something else wrote on the tablet while the download ran', async () => {
    const db = await open()
    await db.customers.insert(makeCustomer({ id: WRITTEN_MEANWHILE, firstName: 'Carla', lastName: 'Bianchi', email: 'carla.meanwhile@example.com', phone: null, loyaltyId: null, homeStoreId: 'store-a', lifetimeValueMinor: 0 }))
    const replication = start(db, undefined, () => undefined)
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    const onServer = await apiClient(server.url, device.token).pullAll('customers')
    expect(onServer.documents.map(d => d.id)).toContain(WRITTEN_MEANWHILE)
    await replication.cancel()
  })
  it('applies the server\'s later change to a downloaded document, which has no master state to compare with', async () => {
    const db = await open()
    let replication = start(db, undefined, () => undefined)
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    await replication.cancel()
    // Changed on the server after the download (another tablet): RxDB's downstream would take
    // the downloaded copy for an unpushed edit and skip the change, but for the origin marker.
    const other = apiClient(server.url, (await server.enroll('store-a')).token)
    const master = (await other.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    expect((await other.push('customers', [{ newDocumentState: { ...master, tags: [...(master.tags as string[]), 'changed-elsewhere'] } as typeof master, assumedMasterState: master }])).body).toEqual([])
    expect((await db.customers.findOne('cus-alice').exec())!.tags).not.toContain('changed-elsewhere')
    replication = start(db)
    await replication.awaitInSync()
    await expect.poll(async () => (await db.customers.findOne('cus-alice').exec())?.tags, { timeout: 30_000 }).toContain('changed-elsewhere')
    await replication.cancel()
  })
})
