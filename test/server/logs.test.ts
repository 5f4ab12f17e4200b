/**
 * Security issue, hole 6: the log says what failed (codes, ids, sizes), never what it carried.
 * Every test server's log is also checked for customers' contacts when it closes (harness.ts).
 */
import type { Database } from '../../sync-server/storage/db'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCustomer, tabletCustomerId } from '../fixtures/docs'
import { world } from '../fixtures/world'
import type { DocIn } from './client'
import { apiClient } from './client'
import { BACKENDS, openTestDatabase, startTestServer } from './harness'

/** A database whose document writes fail as pg and PGlite fail: an error carrying the statement and its parameters. */
function failingWrites(db: Database, when: () => boolean): Database {
  const fail = (text: string, params?: unknown[]) => Object.assign(new Error('new row for relation "docs" violates check constraint'), {
    code: '23514', severity: 'ERROR', routine: 'ExecConstraints', table: 'docs', query: text, params, detail: `Failing row contains (${String(params?.[0])}).`,
  })
  return {
    ...db,
    transaction: fn => db.transaction(tx => fn({ query: (text, params) => (when() && text.includes('INSERT INTO docs') ? Promise.reject(fail(text, params)) : tx.query(text, params)) })),
  }
}

describe.each(BACKENDS)('what the log says about a failed write, on %s', (backend) => {
  let server: TestServer
  let failing = false

  beforeAll(async () => {
    server = await startTestServer(backend, { db: failingWrites(await openTestDatabase(backend), () => failing) })
    await server.load(world())
  })
  afterAll(() => server.close())

  it('logs the error\'s code and the request, not the document with its e-mail and phone', async () => {
    const tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    const nora = makeCustomer({ id: tabletCustomerId('nora-log'), firstName: 'Nora', lastName: 'Log', email: 'nora.log@example.com', phone: '+39 345 678 9012', loyaltyId: null, homeStoreId: 'store-a', lifetimeValueMinor: 0 })
    failing = true
    const reply = await tablet.push('customers', [{ newDocumentState: { ...nora, _deleted: false } as DocIn, assumedMasterState: null }])
    failing = false
    expect(reply.status).toBe(500)
    const lines = server.log.filter(line => line.includes('request failed'))
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ err: { type: 'Error', code: '23514', table: 'docs', routine: 'ExecConstraints' } })
    for (const secret of ['nora.log@example.com', '345 678 9012', '3456789012', 'Failing row', 'INSERT INTO'])
      expect(server.log.join('')).not.toContain(secret)
  })
})
