/**
 * Issue 4: two tablets (two browser contexts) and the e-commerce platform edit the same
 * customer's preferences, consent and cart while one tablet is offline; after sync the
 * server, both tablets' IndexedDB and the platform's view hold the same merged profile and
 * cart, with every change present.
 */
import type { BrowserContext, Page } from 'playwright-core'
import type { CartDoc, CartItem, CustomerDoc } from '../../src/shared/types'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WEB_CUSTOMER_FIELDS } from '../../src/shared/protocol'
import { makeItem } from '../fixtures/docs'
import { startPlatform } from '../server/platform'
import { knownCustomers, niccolo, niccoloCart, STORE } from './fixtures'
import { firstDownloadDone, launchChromium, screenshot, signIn, startE2eServer, tabletContext } from './harness'

interface Tablet { context: BrowserContext, page: Page }

/** A document as this tablet's IndexedDB holds it (RxDB's Dexie storage), without RxDB's bookkeeping. */
async function readLocal(page: Page, collection: string, id: string): Promise<Record<string, unknown> | null> {
  return page.evaluate(async ({ collection, id }) => {
    const name = (await indexedDB.databases()).map(d => d.name ?? '').find(n => n.startsWith('rxdb-dexie-clienteling--') && n.endsWith(`--${collection}`))
    if (!name)
      return null
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const doc = await new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
      const req = db.transaction('docs').objectStore('docs').get(id)
      req.onsuccess = () => resolve(req.result as Record<string, unknown> | undefined)
      req.onerror = () => reject(req.error)
    })
    db.close()
    return doc ? Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_'))) : null
  }, { collection, id })
}

describe('two tablets and the platform editing one customer', () => {
  let server: Awaited<ReturnType<typeof startE2eServer>>
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  const tablets: Tablet[] = []
  const webItem = makeItem({ sku: 'SKU-000030', size: '', channel: 'web', addedBy: 'customer', addedAt: '2026-11-22T09:00:00.000Z' })
  const serverDoc = async <T>(collection: string) => (await server.db.query<{ data: T }>('SELECT data FROM docs WHERE collection = $1 AND id = $2', [collection, niccolo.id])).rows[0]!.data

  beforeAll(async () => {
    platform = await startPlatform()
    server = await startE2eServer(knownCustomers, 200, { commerceWebhookUrl: platform.url, commerceOutboxIntervalMs: 50, commerceOutboxMaxBackoffMs: 500 })
    browser = await launchChromium()
  })
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, t] of tablets.entries())
        await screenshot(t.page, `three-sides-failed-tablet-${i}`)
    }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await new Promise(resolve => platform.server?.close(resolve))
  })

  async function openProfile(t: Tablet, associate: { staffCode: string, pin: string }) {
    await t.page.goto(server.url)
    await t.page.fill('[data-test="enroll-code"]', await server.enrollCode(STORE))
    await t.page.click('[data-test="enroll-submit"]')
    await t.page.waitForURL(/\/lock/, { timeout: 60_000 })
    await firstDownloadDone(t.page)
    // Tablet B goes offline later: the app's screens must be precached by then.
    await t.page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await signIn(t.page, associate)
    await t.page.fill('[data-test="lookup-input"]', 'nicolo')
    await t.page.click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await t.page.waitForSelector('[data-test="edit-profile"]')
  }

  async function editProfile(t: Tablet, steps: (page: Page) => Promise<void>) {
    await t.page.click('[data-test="edit-profile"]')
    await t.page.waitForSelector('[data-test="edit-save"]')
    await steps(t.page)
    await t.page.click('[data-test="edit-save"]')
    await t.page.waitForURL(new RegExp(`/customers/${niccolo.id}$`))
  }

  it('opens the same customer on two tablets of the store', async () => {
    for (const associate of [{ staffCode: 'MI02', pin: '0202' }, { staffCode: 'MI03', pin: '0303' }]) {
      const context = await tabletContext(browser)
      const tablet = { context, page: await context.newPage() }
      tablets.push(tablet)
      await openProfile(tablet, associate)
    }
  })

  it('merges what each side changed while tablet B was offline', async () => {
    const [a, b] = tablets as [Tablet, Tablet]
    await b.context.setOffline(true)

    await editProfile(a, async (page) => {
      await page.fill('[data-test="edit-brands-input"]', 'Nuova Marca')
      await page.click('[data-test="edit-brands-add"]')
      await page.click('[data-test="consent-grant-post"]')
    })
    await expect.poll(async () => (await serverDoc<CustomerDoc>('customers')).preferences.brands, { timeout: 30_000 }).toContain('Nuova Marca')

    await editProfile(b, async (page) => {
      await page.fill('[data-test="edit-tags-input"]', 'sposa')
      await page.click('[data-test="edit-tags-add"]')
      await page.click('[data-test="consent-withdraw-sms"]')
    })
    await b.page.locator('[data-test="cart-item"][data-sku="SKU-000002"] [data-test="item-remove"]').click()
    await b.page.click('[data-test="item-remove-confirm"]')
    await b.page.waitForSelector('[data-test="cart-item"][data-sku="SKU-000002"]', { state: 'detached' })

    await server.commerce({ id: 'evt-three-customer', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: { id: niccolo.id, phone: '+39 347 000 4242' } })
    await server.commerce({ id: 'evt-three-cart', type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId: niccolo.id, items: [...niccoloCart.items, webItem] } })

    await b.context.setOffline(false)
    const complete = (c: CustomerDoc) => c.preferences.brands.includes('Nuova Marca') && c.consents.post?.granted === true
      && c.tags.includes('sposa') && c.consents.sms?.granted === false && c.phone === '+39 347 000 4242'
    await expect.poll(async () => complete(await serverDoc<CustomerDoc>('customers')), { timeout: 60_000 }).toBe(true)
    const cartDone = (c: CartDoc) => c.items.some(i => i.sku === webItem.sku) && !c.items.some(i => i.sku === 'SKU-000002')
    await expect.poll(async () => cartDone(await serverDoc<CartDoc>('carts')), { timeout: 60_000 }).toBe(true)
    await screenshot(b.page, 'three-sides-tablet-b')
  })

  it('holds the same profile and cart on the server, both tablets and the platform', async () => {
    const customer = await serverDoc<CustomerDoc>('customers')
    const cart = await serverDoc<CartDoc>('carts')
    const strip = (d: object) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('_')))
    // On the tablets' disk the contact fields are sealed and their search keys blind
    // (src/db/sealed-storage.ts): everything else is compared as stored.
    const CONTACT = ['email', 'phone', 'otherContacts', 'emailKey', 'phoneKey']
    const open = (d: object) => Object.fromEntries(Object.entries(strip(d)).filter(([k]) => !CONTACT.includes(k)))
    for (const t of tablets) {
      await expect.poll(async () => open(await readLocal(t.page, 'customers', niccolo.id) as object), { timeout: 30_000 }).toEqual(open(customer))
      expect(String((await readLocal(t.page, 'customers', niccolo.id) as { email: string }).email)).toMatch(/^sealed:v1:/)
      await expect.poll(() => readLocal(t.page, 'carts', niccolo.id), { timeout: 30_000 }).toEqual(strip(cart))
    }
    expect(cart.items.map(i => i.sku).sort()).toEqual(['SKU-000001', webItem.sku].sort())

    // The platform's view: its own events, then every webhook it received, in order.
    const view = {
      customer: { ...Object.fromEntries(WEB_CUSTOMER_FIELDS.map(f => [f, (niccolo as unknown as Record<string, unknown>)[f]])), phone: '+39 347 000 4242' } as Record<string, unknown>,
      items: [...niccoloCart.items, webItem] as CartItem[],
    }
    await expect.poll(() => platform.received.some(r => r.event.type === 'customer.upserted' && (r.event.data as { tags?: string[] }).tags?.includes('sposa')), { timeout: 30_000 }).toBe(true)
    await new Promise(resolve => setTimeout(resolve, 1000))
    for (const { event } of platform.received) {
      const data = event.data as Record<string, unknown>
      if (event.type === 'customer.upserted')
        Object.assign(view.customer, Object.fromEntries(WEB_CUSTOMER_FIELDS.map(f => [f, data[f]])))
      if (event.type === 'cart.updated')
        view.items = data.items as CartItem[]
    }
    expect(view.customer).toEqual(Object.fromEntries(WEB_CUSTOMER_FIELDS.map(f => [f, (customer as unknown as Record<string, unknown>)[f]])))
    expect(view.items).toEqual(cart.items)
  })
})
