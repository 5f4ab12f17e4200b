/**
 * Issue 24: once associates can work, the first download writes a page in short steps while one
 * of them is using the tablet (a lookup waits for a write under way) — a hundred documents first,
 * then as many as take about STEP_TARGET_MS (src/sync/write-steps.ts) — and each step only once
 * nobody has looked anything up for a moment; left alone, it writes whole pages.
 */
import type { ClientelingDatabase } from '../../src/db/database'
import type { CollectionName } from '../../src/shared/types'
import type { TestServer } from './harness'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { bootstrapDownload } from '../../src/sync/bootstrap'
import { pullHandlerFor, pullNewest } from '../../src/sync/handlers'
import { replicationIdentifier } from '../../src/sync/replication'
import { FIRST_STEP, STEP_TARGET_MS } from '../../src/sync/write-steps'
import { delayed } from '../fixtures/delayed-storage'
import { makeCart, makeCustomer } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { startTestServer } from './harness'

const CUSTOMERS = 200

describe('the background download while an associate works', () => {
  let server: TestServer
  let device: { deviceId: string, token: string }
  const opened: ClientelingDatabase[] = []

  beforeAll(async () => {
    server = await startTestServer('pglite')
    const w = world()
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => makeCustomer({ id: `cus-step-${i}`, homeStoreId: 'store-a' }))
    await server.load({ ...w, customers: [...w.customers, ...customers], carts: [...w.carts, ...customers.map(c => makeCart({ id: c.id, customerId: c.id }))] })
    device = await server.enroll('store-a')
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(db => db.close()))
  })
  afterAll(() => server.close())

  /** The carts' writes, in documents each, and how often the download waited for a quiet moment. */
  async function download(busy: boolean, writeMs = 0): Promise<{ carts: number[], waits: number }> {
    const storage = writeMs ? delayed(getRxStorageMemory(), 'bulkWrite', writeMs) : getRxStorageMemory()
    const db = await createDatabase({ storage, name: `steps${Date.now()}${Math.random().toString(36).slice(2, 6)}`, multiInstance: false })
    opened.push(db)
    const ctx = { baseUrl: server.url, token: device.token, fetch: globalThis.fetch, signal: new AbortController().signal, timeout: 10_000 }
    const carts: number[] = []
    let waits = 0
    await bootstrapDownload({
      db,
      ctx,
      identifierFor: c => replicationIdentifier(server.url, device.deviceId, c),
      pull: (c, checkpoint, limit) => pullHandlerFor(ctx, c)(checkpoint, limit) as Promise<{ documents: unknown[], checkpoint: undefined }>,
      pullNewest: (c, below, cursor, limit) => pullNewest(ctx, c, below, cursor, limit),
      onWritten: (c: CollectionName, n: number) => c === 'carts' && carts.push(n),
      background: {
        idle: async () => {
          waits++
        },
        busy: () => busy,
      },
    })
    expect(carts.reduce((a, b) => a + b, 0)).toBe(await db.carts.count().exec())
    return { carts, waits }
  }

  it('writes in steps, a hundred first, each after a quiet moment, while an associate uses the tablet', async () => {
    const { carts, waits } = await download(true)
    expect(carts[0]).toBe(FIRST_STEP)
    expect(carts.length).toBeGreaterThan(1)
    expect(waits).toBeGreaterThanOrEqual(carts.length)
  })

  it('makes its steps smaller when each takes longer than the target', async () => {
    const { carts } = await download(true, STEP_TARGET_MS * 4)
    expect(carts.slice(0, 3)).toEqual([FIRST_STEP, FIRST_STEP / 2, FIRST_STEP / 4])
  })

  it('writes whole pages when nobody does', async () => {
    const { carts } = await download(false)
    expect(carts).toHaveLength(1)
    expect(carts[0]).toBeGreaterThan(CUSTOMERS)
  })
})
