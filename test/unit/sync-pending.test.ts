import type { ClientelingDatabase } from '../../src/db/database'
import type { TestServer } from '../server/harness'
import { firstValueFrom, filter } from 'rxjs'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { countPending, openPendingCounter, pendingCount$ } from '../../src/sync/pending'
import { replicationIdentifier, startReplication } from '../../src/sync/replication'
import { makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { startTestServer } from '../server/harness'

describe('the pending count, read from RxDB\'s replication state', () => {
  let server: TestServer
  let device: { deviceId: string, token: string }
  const name = `pending${Date.now()}`
  const open = () => createDatabase({ storage: getRxStorageMemory(), name, multiInstance: false })
  const identifierFor = (c: Parameters<typeof replicationIdentifier>[2]) => replicationIdentifier(server.url, device.deviceId, c)
  const start = (db: ClientelingDatabase) => startReplication({ db, baseUrl: server.url, token: device.token, deviceId: device.deviceId, waitForLeadership: false, retryTime: 200 })
  const visit = (n: number) => makeVisit({ id: `01JNVISITPENDING00000000${n}0`, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })

  beforeAll(async () => {
    server = await startTestServer('pglite')
    await server.load(world())
    device = await server.enroll('store-a')
    // A first sync, so the tablet holds pulled documents that must not count as pending.
    const db = await open()
    const replication = start(db)
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
    await replication.cancel()
    await db.close()
  })
  afterAll(async () => {
    await server.close()
  })

  it('is zero right after a first sync, although the tablet holds pulled documents', async () => {
    const db = await open()
    expect((await db.customers.find().exec()).length).toBeGreaterThan(0)
    expect(await countPending(db, identifierFor)).toBe(0)
    await db.close()
  })

  it('counts writes made while the replication is stopped, also after the database is reopened', async () => {
    const db = await open()
    await db.visits.bulkInsert([visit(1), visit(2), visit(3)])
    expect(await countPending(db, identifierFor)).toBe(3)
    // A change to a pulled document is pending too.
    const alice = (await db.customers.findOne('cus-alice').exec())!
    await alice.incrementalPatch({ tags: [...alice.tags, 'pending-tag'] })
    expect(await countPending(db, identifierFor)).toBe(4)
    await db.close()

    const reopened = await open()
    expect(await countPending(reopened, identifierFor)).toBe(4)
    await reopened.close()
  })

  it('drops to zero once the replication has pushed everything, and the server has the visits', async () => {
    const db = await open()
    const counts: number[] = []
    const sub = pendingCount$(db, identifierFor, undefined, 20).subscribe(n => counts.push(n))
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(counts.at(-1)).toBe(4)
    const replication = start(db)
    await replication.awaitInSync()
    await firstValueFrom(pendingCount$(db, identifierFor, undefined, 20).pipe(filter(n => n === 0)))
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(counts.at(-1)).toBe(0)
    expect(await countPending(db, identifierFor)).toBe(0)
    sub.unsubscribe()

    // A new write while replicating is pending until pushed, then acknowledged.
    await db.visits.insert(visit(4))
    await replication.awaitInSync()
    await firstValueFrom(pendingCount$(db, identifierFor, undefined, 20).pipe(filter(n => n === 0)))
    await replication.cancel()
    await db.close()

    const pulled = await fetch(`${server.url}/api/sync/visits/pull?checkpoint=null&limit=100`, { headers: { Authorization: `Bearer ${device.token}` } })
    const ids = ((await pulled.json()) as { documents: { id: string }[] }).documents.map(d => d.id)
    expect(ids).toEqual(expect.arrayContaining([visit(1).id, visit(2).id, visit(3).id, visit(4).id]))
  })
  it('keeps counting right when one counter counts again and again as the associate works', async () => {
    const db = await open()
    const counter = await openPendingCounter(db, identifierFor)
    expect(await counter.count()).toBe(0)
    const v5 = await db.visits.insert(visit(5))
    expect(await counter.count()).toBe(1)
    // Changed again: still one pending document.
    await v5.incrementalPatch({ updatedAt: new Date().toISOString() })
    expect(await counter.count()).toBe(1)
    const alice = (await db.customers.findOne('cus-alice').exec())!
    await alice.incrementalPatch({ tags: [...alice.tags, 'second-pending-tag'] })
    expect(await counter.count()).toBe(2)
    // Unchanged since the last count: still there.
    expect(await counter.count()).toBe(2)
    const replication = start(db)
    await replication.awaitInSync()
    expect(await counter.count()).toBe(0)
    await replication.cancel()
    await counter.close()
    await db.close()
  })
})
