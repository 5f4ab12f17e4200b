/**
 * Two sync-server instances on one PostgreSQL, both running their receipt sender at the same
 * time: every receipt goes out once (rows are claimed with FOR UPDATE SKIP LOCKED and a lease).
 */
import type { TestServer } from './harness'
import type { TestSmtp } from './mail-helpers'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOrder } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { openTestDatabase, startTestServer } from './harness'
import { header, startSmtp } from './mail-helpers'

describe.runIf(!!process.env.TEST_DATABASE_URL)('receipts from two instances on one PostgreSQL', () => {
  let smtp: TestSmtp
  const servers: TestServer[] = []

  beforeAll(async () => {
    smtp = await startSmtp()
    const schema = `t_${randomBytes(6).toString('hex')}`
    for (let i = 0; i < 2; i++)
      servers.push(await startTestServer('postgres', { db: await openTestDatabase('postgres', schema), config: { smtpUrl: smtp.url, receiptIntervalMs: 3_600_000 } }))
    await servers[0]!.load(world())
  })
  afterAll(async () => {
    for (const s of servers) {
      await s.close()
      await s.db.close()
    }
    await smtp.down()
  })

  it('sends each of 12 receipts exactly once while both send at the same time', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `ord-both-${String(i).padStart(2, '0')}`)
    const tablet = apiClient(servers[0]!.url, (await servers[0]!.enroll('store-a')).token)
    await tablet.create('orders', ids.map(id => makeOrder({ id, storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })))
    for (let round = 0; round < 3; round++)
      await Promise.all(servers.map(s => s.receipts.flush()))
    const sent = smtp.received.map(m => header(m.raw, 'Message-ID'))
    expect(sent).toHaveLength(12)
    expect(new Set(sent).size).toBe(12)
  })
})
