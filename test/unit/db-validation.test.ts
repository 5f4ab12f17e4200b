/**
 * When the tablet's schema validators are compiled (src/db/database.ts): not while the
 * app starts, but on a collection's first write, and still before anything is stored.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { getAjv } from 'rxdb/plugins/validate-ajv'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { makeCustomer } from '../fixtures/docs'

describe('schema validation on the tablet', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('compiles no validator while the database opens and the page is idle, only the written collection\'s on its first write', async () => {
    // Node has no requestIdleCallback; a browser calls it as soon as the page waits on IndexedDB.
    vi.stubGlobal('requestIdleCallback', (run: () => void) => setTimeout(run, 0))
    const compile = vi.spyOn(getAjv(), 'compile')
    const db = await createDatabase({ storage: getRxStorageMemory(), name: `validation-${Date.now()}`, multiInstance: false })
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(compile).not.toHaveBeenCalled()

    await expect(db.customers.insert(makeCustomer({ tier: 'diamond' as never }))).rejects.toMatchObject({ code: 'VD2' })
    await db.customers.insert(makeCustomer({ id: 'cust-valid' }))
    expect(compile).toHaveBeenCalledTimes(1)
    expect(await db.customers.count().exec()).toBe(1)
    await db.close()
  })
})
