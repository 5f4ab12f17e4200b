/**
 * Issue 27: an operator's SIGTERM (a deploy, a node drained) while tablets push. The server
 * stops accepting, answers what it was already doing, ends the live streams so tablets go
 * elsewhere, and exits within SHUTDOWN_GRACE_MS; every push is answered or retried by its
 * client, and after the restart on the same PGlite data folder nothing is lost or doubled.
 */
import type { ClientelingDatabase } from '../../src/db/database'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEnrollCode, enrollDevice } from '../../sync-server/auth/devices'
import { openDatabase } from '../../sync-server/storage/db'
import { loadDocuments } from '../../sync-server/storage/load'
import { migrate } from '../../sync-server/storage/migrations'
import { createDatabase } from '../../src/db/database'
import { startReplication } from '../../src/sync/replication'
import { makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { startInstance } from './instance-process'

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const GRACE_MS = 5000
const WRITERS = 6
const BATCH = 20

type Outcome = 'answered' | 'no-answer' | 'unavailable'

/** A live stream read to its end: 'ended' when the server closed it, 'dropped' when the connection broke. */
async function holdStream(url: string, token: string) {
  const response = await fetch(`${url}/api/sync/stream`, { headers: { Authorization: `Bearer ${token}` } })
  expect(response.status).toBe(200)
  const reader = response.body!.getReader()
  await reader.read()
  // In an object: an async function returning a promise would wait for it.
  const end = (async (): Promise<'ended' | 'dropped'> => {
    try {
      while (!(await reader.read()).done) {}
      return 'ended'
    }
    catch {
      return 'dropped'
    }
  })()
  return { end }
}

describe('a SIGTERM while tablets push (PGlite, a real server process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clienteling-stop-'))
  const tokens: { token: string, deviceId: string }[] = []
  let instance: Awaited<ReturnType<typeof startInstance>>
  let tablet: ClientelingDatabase

  beforeAll(async () => {
    // The data folder is prepared, closed, then served by the process: PGlite is one process's.
    const db = await openDatabase({ dataDir })
    await migrate(db)
    await loadDocuments(db, world())
    for (let i = 0; i <= WRITERS; i++) {
      const device = await enrollDevice(db, await createEnrollCode(db, 'store-a'), `stop-${i}`)
      tokens.push({ token: device.token, deviceId: device.device.id })
    }
    await db.close()
    instance = await startInstance({ SHUTDOWN_GRACE_MS: String(GRACE_MS) }, { dataDir })
  }, 120_000)
  afterAll(async () => {
    await tablet?.close()
    await instance?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers the pushes in flight, ends the streams, exits within the bound, and loses or doubles nothing', async () => {
    const url = `http://127.0.0.1:${instance.port}`
    const sent = new Set<string>()
    const inFlight = new Map<number, Outcome | 'pending'>()
    let atTerm: number[] = []
    let pushes = 0
    let retried = 0
    let running = true

    // Raw writers, as the tablet's replication pushes: the same batch again until an answer comes.
    const writer = async (token: string, w: number) => {
      for (let n = 0; running; n++) {
        const visits = Array.from({ length: BATCH }, (_, i) => makeVisit({ id: `01JSTOP${w}${String(n).padStart(8, '0')}${String(i).padStart(4, '0')}`, storeId: 'store-a', associateId: 'assoc-a1', customerId: null, startedAt: new Date().toISOString() }))
        for (;;) {
          const id = pushes++
          inFlight.set(id, 'pending')
          const reply = await apiClient(url, token).push('visits', visits.map(v => ({ newDocumentState: v, assumedMasterState: null }))).catch(() => null)
          inFlight.set(id, reply?.status === 200 ? 'answered' : reply ? 'unavailable' : 'no-answer')
          if (reply?.status === 200) {
            // Committed before its answer was lost: the retry meets each visit as the master, unchanged.
            for (const conflict of reply.body as { id: string, startedAt: string }[])
              expect(conflict).toMatchObject({ id: conflict.id, startedAt: visits.find(v => v.id === conflict.id)!.startedAt })
            break
          }
          if (reply && reply.status < 500)
            throw new Error(`push refused: ${reply.status} ${JSON.stringify(reply.body)}`)
          retried += 1
          await sleep(100)
        }
        for (const v of visits)
          sent.add(v.id)
      }
    }

    // And a real tablet: its replication, its stream, visits written on it throughout.
    tablet = await createDatabase({ storage: getRxStorageMemory(), name: `stop${Date.now()}`, multiInstance: false })
    const { token, deviceId } = tokens[WRITERS]!
    const replication = startReplication({ db: tablet, baseUrl: url, token, deviceId, waitForLeadership: false, retryTime: 300 })
    await replication.awaitInitialReplication()
    let tabletVisits = 0
    const tabletWriting = (async () => {
      while (running) {
        // (a failed assertion closes the tablet: the loop ends with it)
        await tablet.visits.insert(makeVisit({ id: `01JSTOPTABLET${String(tabletVisits++).padStart(8, '0')}`, storeId: 'store-a', associateId: 'assoc-a1', customerId: null, startedAt: new Date().toISOString() }))
          .catch(() => void (running = false))
        await sleep(50)
      }
    })()

    const stream = await holdStream(url, tokens[0]!.token)
    const writing = Promise.all(tokens.slice(0, WRITERS).map((t, w) => writer(t.token, w)))
    await sleep(1500)

    atTerm = [...inFlight].filter(([, state]) => state === 'pending').map(([id]) => id)
    const stopping = instance.terminate()
    const streamEnd = await stream.end
    const exit = await stopping
    const inFlightAtTerm = atTerm.map(id => inFlight.get(id))

    // The process stopped by itself, cleanly, within its bound, and said so.
    expect(exit).toMatchObject({ code: 0, signal: null })
    expect(exit.ms).toBeLessThan(GRACE_MS)
    // The stream was ended by the server (a clean end the tablet reconnects from), not dropped.
    expect(streamEnd).toBe('ended')
    // Pushes the server was handling when the signal came were answered, not cut.
    expect(inFlightAtTerm.length).toBeGreaterThan(0)
    expect(inFlightAtTerm).toContain('answered')
    expect(instance.output()).toMatch(/Sync-server stopped in \d+ ms/)

    // Another start on the same data folder (the deploy's new process): the retries land there.
    await instance.restart()
    await sleep(1500)
    running = false
    await writing
    await tabletWriting
    await replication.awaitInSync()
    await replication.cancel()

    const server = await apiClient(url, tokens[0]!.token).pullAll('visits', null, 1000)
    const ids = server.documents.map(d => d.id as string).filter(id => id.startsWith('01JSTOP'))
    expect(new Set(ids).size).toBe(ids.length)
    const tabletIds = (await tablet.visits.find().exec()).map(v => v.id).filter(id => id.startsWith('01JSTOPTABLET'))
    expect(tabletIds).toHaveLength(tabletVisits)
    expect(ids.sort()).toEqual([...sent, ...tabletIds].sort())
    expect(retried).toBeGreaterThan(0)
    console.info(`graceful stop: ${exit.ms} ms; ${atTerm.length} pushes in flight at SIGTERM (${inFlightAtTerm.filter(s => s === 'answered').length} answered), ${retried} retried; ${sent.size} + ${tabletVisits} visits, each once`)
  }, 120_000)
})
