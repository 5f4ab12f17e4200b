/**
 * Without SMTP_URL (the demo), receipts are written as .eml files under DATA_DIR/outbox and
 * listed at /mail when MAIL_PREVIEW=1 (as `npm start` runs), so the first README command shows
 * them with nothing else installed.
 */
import type { TestServer } from './harness'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../sync-server/core/config'
import { makeOrder } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { startTestServer } from './harness'

describe('receipts as files and the /mail page', () => {
  let server: TestServer
  let dataDir: string

  beforeAll(async () => {
    server = await startTestServer('pglite', { config: { receiptIntervalMs: 3_600_000, mailPreview: loadConfig({ MAIL_PREVIEW: '1' }).mailPreview } })
    dataDir = server.config.dataDir
    await server.load(world())
    const tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    await tablet.create('orders', [makeOrder({ id: 'ord-file-1', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })])
    expect(await server.receipts.flush()).toBe(1)
  })
  afterAll(() => server.close())

  it('writes the message as an .eml with its HTML beside it', () => {
    const files = readdirSync(join(dataDir, 'outbox'))
    expect(files.filter(f => f.endsWith('.eml'))).toHaveLength(1)
    expect(files.filter(f => f.endsWith('.html'))).toHaveLength(1)
  })

  it('lists it at /mail and shows its HTML and raw message', async () => {
    const list = await fetch(`${server.url}/mail`)
    const page = await list.text()
    expect(list.headers.get('content-type')).toMatch(/text\/html/)
    expect(page).toContain('maria.rossi@example.com')
    expect(page).toContain('La tua ricevuta Negozio A')
    const link = /href="(\/mail\/[^"]+\.html)"/.exec(page)![1]!
    const html = await (await fetch(`${server.url}${link}`)).text()
    expect(html).toContain('ord-file-1')
    const raw = await fetch(`${server.url}${link.replace(/\.html$/, '.eml')}`)
    expect(raw.headers.get('content-type')).toMatch(/message\/rfc822/)
    expect(await raw.text()).toMatch(/^Message-ID: <receipt-ord-file-1@clienteling>/m)
  })

  it('never shows where on the server the files are', async () => {
    const page = await fetch(`${server.url}/mail`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Outgoing receipts')
    expect(html).not.toContain(dataDir)
  })

  it('is not served without MAIL_PREVIEW, as `serve` runs by default (hole 3)', async () => {
    const plain = await startTestServer('pglite', { config: { receiptIntervalMs: 3_600_000 } })
    try {
      for (const path of ['/mail', '/mail/anything.html']) {
        const reply = await fetch(`${plain.url}${path}`)
        expect([path, reply.status, (await reply.json() as { error: { code: string } }).error.code]).toEqual([path, 404, 'not-found'])
      }
    }
    finally {
      await plain.close()
    }
  })

  it('serves nothing outside the outbox folder', async () => {
    for (const path of ['/mail/..%2F..%2Fpackage.json', '/mail/%2Fetc%2Fpasswd.html', '/mail/nothing.html'])
      expect((await fetch(`${server.url}${path}`)).status).toBe(404)
  })
})
