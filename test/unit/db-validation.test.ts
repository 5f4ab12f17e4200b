/**
 * The tablet's schema validators (src/db/validation.ts): compiled ahead of time, so nothing is
 * compiled while the app runs (no eval under the Content-Security-Policy), and still checked
 * before anything is stored.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { getAjv } from 'rxdb/plugins/validate-ajv'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GENERATED_VALIDATOR_TYPES, GENERATED_VALIDATORS, generateValidators, generateValidatorTypes } from '../../scripts/generate-validators'
import { createDatabase } from '../../src/db/database'
import { SERVER_STATE_WRITE } from '../../src/db/validation'
import { makeCustomer } from '../fixtures/docs'

describe('schema validation on the tablet', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('compiles no validator at run time, and still refuses an invalid document before it is stored', async () => {
    // Node has no requestIdleCallback; a browser calls it as soon as the page waits on IndexedDB.
    vi.stubGlobal('requestIdleCallback', (run: () => void) => setTimeout(run, 0))
    const compile = vi.spyOn(getAjv(), 'compile')
    const db = await createDatabase({ storage: getRxStorageMemory(), name: `validation-${Date.now()}`, multiInstance: false })
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(compile).not.toHaveBeenCalled()

    // RxDB's 422, with ajv's errors as its own validate-ajv plugin would report them.
    await expect(db.customers.insert(makeCustomer({ tier: 'diamond' as never }))).rejects.toMatchObject({
      code: 'VD2',
      parameters: { writeError: { status: 422, validationErrors: [{ instancePath: '/tier', keyword: 'enum', schemaPath: '#/properties/tier/enum' }] } },
    })
    await db.customers.insert(makeCustomer({ id: 'cust-valid' }))
    expect(compile).not.toHaveBeenCalled()
    expect(await db.customers.count().exec()).toBe(1)
    await db.close()
  })

  it('writes the first download\'s documents as the server sent them, without validating them again', async () => {
    const db = await createDatabase({ storage: getRxStorageMemory(), name: `validation-${Date.now()}`, multiInstance: false })
    // A tier this build's schema doesn't know (a newer server's): the server's state is stored as it is.
    const fromServer = { ...makeCustomer({ id: 'cust-from-server', tier: 'diamond' as never }), _meta: { lwt: 1 }, _rev: '1-server', _attachments: {} }
    expect((await db.customers.storageInstance.bulkWrite([{ document: fromServer }], SERVER_STATE_WRITE)).error).toEqual([])
    // Anything else written to the storage is still checked.
    const written = { ...fromServer, id: 'cust-written-here' }
    expect((await db.customers.storageInstance.bulkWrite([{ document: written }], 'another-write')).error).toMatchObject([{ status: 422, documentId: 'cust-written-here' }])
    expect((await db.customers.find().exec()).map(d => d.id)).toEqual(['cust-from-server'])
    await db.close()
  })
})

describe('the validators compiled ahead of time (no eval at run time)', () => {
  it('are what scripts/generate-validators.ts makes of today\'s schemas: run npm run generate:validators after a schema change', () => {
    expect(readFileSync(GENERATED_VALIDATORS, 'utf8')).toBe(generateValidators())
    expect(readFileSync(GENERATED_VALIDATOR_TYPES, 'utf8')).toBe(generateValidatorTypes())
  })
})
