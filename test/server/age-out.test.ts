/**
 * Issue 24: documents that age out of the tablets' history window leave the tablet — orders,
 * visits and interactions, with their master states — without a deletion being pushed, while a
 * change the server has not acknowledged stays until it has been.
 */
import type { ClientelingDatabase } from '../../src/db/database'
import type { ClientelingReplication } from '../../src/sync/replication'
import type { TestServer } from './harness'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { metaKey, openMetaInstance } from '../../src/db/rxdb-internals'
import { replicationIdentifier, startReplication } from '../../src/sync/replication'
import { makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { startTestServer } from './harness'

const OLD = '2020-01-10T10:00:00.000Z'
const RECENT = new Date(Date.now() - 86_400_000).toISOString()
const inStore = { storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' }

/** A fetch that keeps the body of every push the tablet made. */
function recordingFetch() {
  const pushed: { url: string, rows: { newDocumentState: { id: string, _deleted?: boolean } }[] }[] = []
  const fetchFn: typeof fetch = (input, init) => {
    if (String(input).includes('/push'))
      pushed.push({ url: String(input), rows: JSON.parse(String(init?.body)) })
    return globalThis.fetch(input, init)
  }
  return { pushed, fetchFn }
}

describe('documents that age out of the history window', () => {
  let server: TestServer
  let device: { deviceId: string, token: string }
  let db: ClientelingDatabase
  const running: ClientelingReplication[] = []

  const session = (fetchFn?: typeof fetch) => {
    const replication = startReplication({ db, baseUrl: server.url, token: device.token, deviceId: device.deviceId, waitForLeadership: false, retryTime: 200, fetch: fetchFn })
    running.push(replication)
    return replication
  }
  const settle = async (replication: ClientelingReplication) => {
    await replication.awaitInitialReplication()
    await replication.awaitInSync()
  }
  const stored = async (collection: 'orders' | 'visits' | 'interactions', id: string) =>
    (await db[collection].storageInstance.originalStorageInstance.findDocumentsById([id], true)).length > 0
  const masterStateOf = async (collection: 'orders' | 'visits' | 'interactions', id: string) => {
    const meta = await openMetaInstance(db, db[collection], replicationIdentifier(server.url, device.deviceId, collection))
    const [state] = await meta.findDocumentsById([metaKey(meta, id, '0')], true)
    await meta.close()
    return state
  }

  beforeAll(async () => {
    server = await startTestServer('pglite')
    const w = world()
    await server.load({
      ...w,
      orders: [makeOrder({ ...inStore, id: 'ord-old', visitId: 'visit-old', placedAt: OLD }), makeOrder({ ...inStore, id: 'ord-recent', visitId: 'visit-recent', placedAt: RECENT })],
      visits: [makeVisit({ ...inStore, id: 'visit-old', startedAt: OLD }), makeVisit({ ...inStore, id: 'visit-recent', startedAt: RECENT })],
      interactions: [makeInteraction({ ...inStore, id: 'int-old', visitId: 'visit-old', at: OLD }), makeInteraction({ ...inStore, id: 'int-recent', visitId: 'visit-recent', at: RECENT })],
    })
    device = await server.enroll('store-a')
    db = await createDatabase({ storage: getRxStorageMemory(), name: `ageout${Date.now()}`, multiInstance: false })
  })
  afterEach(async () => {
    await Promise.all(running.splice(0).map(r => r.cancel()))
  })
  afterAll(async () => {
    await db.close()
    await server.close()
  })

  it('are kept while the server sends them (no window)', async () => {
    await settle(session())
    expect(await db.orders.findByIds(['ord-old', 'ord-recent']).exec()).toHaveProperty('size', 2)
    expect(await masterStateOf('orders', 'ord-old')).toBeDefined()
  })

  it('leave the tablet with their master states once the window starts after them, and no deletion is pushed', async () => {
    // An old visit ended on this tablet while it was offline: not acknowledged, so it stays.
    await db.visits.insert(makeVisit({ ...inStore, id: 'visit-old-offline', startedAt: OLD, endedAt: OLD, outcome: 'no_purchase' }))
    server.config.tabletHistoryMonths = 24
    const { pushed, fetchFn } = recordingFetch()
    await settle(session(fetchFn))

    for (const [collection, id] of [['orders', 'ord-old'], ['visits', 'visit-old'], ['interactions', 'int-old']] as const) {
      expect(await stored(collection, id), `${id} is gone, tombstone and all`).toBe(false)
      expect(await masterStateOf(collection, id), `${id}'s master state`).toBeUndefined()
    }
    for (const [collection, id] of [['orders', 'ord-recent'], ['visits', 'visit-recent'], ['interactions', 'int-recent']] as const)
      expect(await stored(collection, id), `${id} stays`).toBe(true)
    expect(await db.visits.findOne('visit-old-offline').exec(), 'the unacknowledged visit stays').not.toBeNull()
    // Pushed: the offline visit, once; no deletion of anything.
    const rows = pushed.flatMap(p => p.rows.map(r => r.newDocumentState))
    expect(rows.map(d => d.id)).toEqual(['visit-old-offline'])
    expect(rows.some(d => d._deleted)).toBe(false)
    // The server keeps all of it.
    const kept = await server.db.query<{ id: string }>(`SELECT id FROM docs WHERE id IN ('ord-old', 'visit-old', 'int-old', 'visit-old-offline') ORDER BY id`)
    expect(kept.rows.map(r => r.id)).toEqual(['int-old', 'ord-old', 'visit-old', 'visit-old-offline'])
  })

  it('takes an old change once the server has acknowledged it, at the next day\'s age-out', async () => {
    expect(await masterStateOf('visits', 'visit-old-offline'), 'acknowledged in the session before').toBeDefined()
    // A new session (a new day, as far as the age-out knows) purges it.
    await settle(session())
    expect(await stored('visits', 'visit-old-offline')).toBe(false)
    expect(await db.visits.findOne('visit-recent').exec()).not.toBeNull()
  })
})
