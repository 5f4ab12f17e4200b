/**
 * Security issue, hole 6: the log says what failed (codes, ids, sizes), never what it carried.
 * The database really refuses here (a CHECK constraint added by the test): pg's and PGlite's
 * errors then carry the row in `detail`, and PGlite's the statement and its parameters too.
 * Every test server's log is also checked for customers' contacts when it closes (harness.ts).
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCustomer, tabletCustomerId } from '../fixtures/docs'
import { world } from '../fixtures/world'
import type { DocIn } from './client'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

const customer = (name: string, email: string, phone: string) => makeCustomer({ id: tabletCustomerId(name), firstName: name, lastName: 'Logged', email, phone, loyaltyId: null, homeStoreId: 'store-a', lifetimeValueMinor: 0 })
const lines = (server: TestServer, message: string) => server.log.filter(line => line.includes(`"msg":"${message}"`)).map(line => JSON.parse(line) as Record<string, unknown>)

describe.each(BACKENDS)('what the log says when the database refuses a write, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let deviceId: string

  beforeAll(async () => {
    // A platform that is never there: the commerce outbox's deliveries fail, and it runs only when asked.
    server = await startTestServer(backend, { config: { commerceWebhookUrl: 'http://127.0.0.1:1/events', commerceOutboxIntervalMs: 3_600_000 } })
    await server.load(world())
    const enrolled = await server.enroll('store-a')
    tablet = apiClient(server.url, enrolled.token)
    deviceId = enrolled.deviceId
  })
  afterAll(() => server.close())

  it('logs a failed push with the error\'s code, constraint and device, not the document with its e-mail and phone', async () => {
    await server.db.query(`ALTER TABLE docs ADD CONSTRAINT test_refuses_nora CHECK (data->>'firstName' IS DISTINCT FROM 'Norberta')`)
    const nora = customer('Norberta', 'norberta.log@example.com', '+39 345 678 9012')
    const reply = await tablet.push('customers', [{ newDocumentState: { ...nora, _deleted: false } as DocIn, assumedMasterState: null }])
    expect(reply.status).toBe(500)
    const failed = lines(server, 'request failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ reqId: expect.any(String), device: deviceId, err: { code: '23514', constraint: 'test_refuses_nora', table: 'docs' } })
    for (const secret of ['norberta.log@example.com', '345 678 9012', '3456789012', 'Norberta', 'Failing row', 'INSERT INTO'])
      expect(server.log.join('')).not.toContain(secret)
  })

  it('logs a failed outbox pass with the error\'s code and constraint, not the queued customer event', async () => {
    // The delivery fails (nothing listens), then recording the attempt is refused: the row in `detail` holds the payload.
    await server.db.query('ALTER TABLE commerce_outbox ADD CONSTRAINT test_no_retries CHECK (attempts = 0)')
    const olga = customer('Olga', 'olga.outbox@example.com', '+39 347 111 2233')
    await tablet.create('customers', [olga])
    await server.outbox!.flush()
    const failed = lines(server, 'commerce outbox pass failed')
    expect(failed.length).toBeGreaterThan(0)
    expect(failed[0]).toMatchObject({ err: { code: '23514', constraint: 'test_no_retries', table: 'commerce_outbox' } })
    for (const secret of ['olga.outbox@example.com', '347 111 2233', '3471112233', 'Olga', 'Failing row', 'UPDATE commerce_outbox'])
      expect(server.log.join('')).not.toContain(secret)
  })
})
