/**
 * Where a first download leaves the upstream's checkpoint (src/sync/bootstrap.ts,
 * `feedEndIfOnly`): after the page just written only when the change feed after the old
 * checkpoint is exactly that page, so nothing written on the tablet meanwhile is skipped.
 */
import type { RxStorageInstance } from 'rxdb'
import type { ClientelingDatabase } from '../../src/db/database'
import { createRevision, now } from '../../src/db/rxdb-internals'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { feedEndIfOnly, storedPage } from '../../src/sync/bootstrap'
import { createDatabase } from '../../src/db/database'
import { SERVER_STATE_WRITE } from '../../src/db/validation'
import { makeCustomer } from '../fixtures/docs'

type Stored = ReturnType<typeof makeCustomer> & { _meta: { lwt: number }, _rev: string, _attachments: Record<string, never> }
type Customers = ClientelingDatabase['customers']

const stored = (id: string, lwt = 1): Stored => ({ ...makeCustomer({ id, email: `${id}@example.com` }), _meta: { lwt }, _rev: createRevision('test'), _attachments: {} })

/** Written as the download writes a page (the last document with an lwt of its own). Returns the documents as stored. */
async function write(customers: Customers, ...ids: string[]): Promise<Stored[]> {
  const page = storedPage(ids.map(id => makeCustomer({ id, email: `${id}@example.com` })), 'test') as Stored[]
  expect((await customers.storageInstance.originalStorageInstance.bulkWrite(page.map(document => ({ document })), SERVER_STATE_WRITE)).error).toEqual([])
  return await customers.storageInstance.findDocumentsById(ids, true) as Stored[]
}

/** Written by another tab, whose clock gave it `lwt`. */
async function writeAt(customers: Customers, id: string, lwt: number): Promise<void> {
  const original = (customers.storageInstance as unknown as { originalStorageInstance: RxStorageInstance<Stored, unknown, unknown> }).originalStorageInstance
  expect((await original.bulkWrite([{ document: stored(id, lwt) }], 'another-tab')).error).toEqual([])
}

describe('the upstream\'s checkpoint after a page of the first download', () => {
  let db: ClientelingDatabase | undefined
  afterEach(async () => {
    await db?.close()
    db = undefined
  })

  /** A tablet holding one document, where the upstream's checkpoint is; then a page of three written after `since`. */
  async function downloaded() {
    db = await createDatabase({ storage: getRxStorageMemory(), name: `feed${Date.now()}${Math.random().toString(36).slice(2, 6)}`, multiInstance: false })
    const [up] = await write(db.customers, 'up')
    const since = now()
    const page = await write(db.customers, 'b', 'a', 'c')
    return { customers: db.customers, up: { id: up!.id, lwt: up!._meta.lwt }, since, page }
  }

  it('moves to the page\'s last document when the feed after the checkpoint is the page', async () => {
    const { customers, up, since, page } = await downloaded()
    const end = { id: 'c', lwt: page[2]!._meta.lwt }
    expect(page[0]!._meta.lwt).toBeGreaterThan(up.lwt)
    expect(end.lwt).toBeGreaterThan(page[0]!._meta.lwt)
    expect(await feedEndIfOnly(customers, up, page, since)).toEqual(end)
    expect(await feedEndIfOnly(customers, undefined, [stored('up'), ...page], up.lwt - 1)).toEqual(end)
  })

  it('stays when another tab wrote after the checkpoint: before the page, inside it or after it', async () => {
    for (const at of ['before', 'inside', 'after'] as const) {
      const { customers, up, since, page } = await downloaded()
      // (RxDB's lwt is in hundredths of a millisecond; a clock of its own can give another tab one of the page's.)
      const [first, , last] = page.map(d => d._meta.lwt) as [number, number, number]
      await writeAt(customers, 'x', { before: up.lwt + 0.01, inside: first, after: last + 1 }[at])
      expect(await feedEndIfOnly(customers, up, page, since), at).toBeNull()
      await db!.close()
    }
    db = undefined
  })

  it('stays when another document shares the checkpoint\'s lwt after it', async () => {
    const { customers, up, since, page } = await downloaded()
    await writeAt(customers, 'zz', up.lwt)
    expect(await feedEndIfOnly(customers, up, page, since)).toBeNull()
  })

  it('stays when the page was not written after the checkpoint (a clock that went back)', async () => {
    const { customers, up, page } = await downloaded()
    expect(await feedEndIfOnly(customers, up, page, up.lwt)).toBeNull()
  })

  it('counts on the change feed\'s index without reading the page back', async () => {
    const { customers, up, since, page } = await downloaded()
    const query = vi.spyOn(customers.storageInstance, 'query')
    expect(await feedEndIfOnly(customers, up, page, since)).not.toBeNull()
    expect(query).not.toHaveBeenCalled()
  })
})
