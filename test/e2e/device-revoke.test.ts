/**
 * Issue 8: a manager revokes a lost tablet from another tablet of the store. At its next
 * request the lost tablet is refused, deletes its IndexedDB databases, Cache Storage,
 * service worker and local storage, and shows enrollment.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { firstDownloadDone, launchChromium, screenshot, signIn, startE2eServer, tabletContext } from './harness'

interface Tablet { context: BrowserContext, page: Page }
const MANAGER = { staffCode: 'MI01', pin: '010101' }

/** What this origin keeps in the browser: IndexedDB names, Cache Storage keys, service workers, localStorage keys. */
function storageOf(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map(d => d.name),
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    local: Object.keys(localStorage),
  }))
}

describe('revoking a lost tablet', () => {
  let server: Awaited<ReturnType<typeof startE2eServer>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  const tablets: Tablet[] = []

  beforeAll(async () => {
    server = await startE2eServer(knownCustomers, 200)
    browser = await launchChromium()
  })
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, t] of tablets.entries())
        await screenshot(t.page, `revoke-failed-tablet-${i}`)
    }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function enrolled(name: string, associate: { staffCode: string, pin: string }): Promise<Tablet> {
    const context = await tabletContext(browser)
    const page = await context.newPage()
    await page.goto(server.url)
    await page.fill('[data-test="enroll-code"]', await server.enrollCode(STORE))
    await page.fill('[data-test="enroll-name"]', name)
    await page.click('[data-test="enroll-submit"]')
    await page.waitForURL(/\/lock/, { timeout: 60_000 })
    await firstDownloadDone(page)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await signIn(page, associate)
    return { context, page }
  }

  it('has the customer data on the tablet that will be lost', async () => {
    tablets.push(await enrolled('Cassa smarrita', ASSOCIATE))
    const [lost] = tablets as [Tablet]
    await lost.page.fill('[data-test="lookup-input"]', 'nicolo')
    await lost.page.click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await lost.page.waitForSelector('[data-test="edit-profile"]')
    const before = await storageOf(lost.page)
    expect(before.databases.some(n => n?.startsWith('rxdb-dexie-clienteling'))).toBe(true)
    expect(before.caches.length).toBeGreaterThan(0)
    expect(before.workers).toBe(1)
  })

  it('lets the manager revoke it from another tablet, and the lost one wipes itself and shows enrollment', async () => {
    tablets.push(await enrolled('Tablet responsabile', MANAGER))
    const [lost, manager] = tablets as [Tablet, Tablet]
    await manager.page.click('[data-test="manager-link"]')
    await manager.page.click('[data-test="manager-nav-devices"]')
    const row = manager.page.locator('[data-test="store-device"][data-device-name="Cassa smarrita"]')
    await row.locator('[data-test="device-revoke"]').click()
    await row.locator('[data-test="device-revoke-confirm"]').click()
    await manager.page.waitForSelector('[data-test="store-device"][data-device-name="Cassa smarrita"][data-revoked="yes"]')
    expect(await manager.page.locator('[data-test="store-device"][data-device-name="Tablet responsabile"] [data-test="device-revoke"]').count()).toBe(0)
    await screenshot(manager.page, 'revoke-01-manager-devices')

    await lost.page.waitForURL(/\/enroll$/, { timeout: 60_000 })
    await lost.page.waitForSelector('[data-test="enroll-wiped"]')
    await screenshot(lost.page, 'revoke-02-wiped')
    const after = await storageOf(lost.page)
    expect(after.databases).toEqual([])
    expect(after.caches).toEqual([])
    expect(after.workers).toBe(0)
    expect(after.local).toEqual([])
    const reply = await fetch(`${server.url}/api/sync/stores/pull?checkpoint=&limit=1`, { headers: { Authorization: 'Bearer nothing' } })
    expect(reply.status).toBe(401)
  })
})
