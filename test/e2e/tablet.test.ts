/**
 * The associate's day on a real tablet: enroll, first sync, PIN sign-in, lookup, the 360°
 * profile, then the Wi-Fi drops and the page reloads, and it all still works; a web cart
 * change shows up live; five wrong PINs lock the tablet.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ASSOCIATE, knownCustomers, niccolo, STORE, zoe } from './fixtures'
import { launchChromium, screenshot, startE2eServer, tabletContext } from './harness'

describe('the tablet app in Chromium', () => {
  let server: Awaited<ReturnType<typeof startE2eServer>>
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    server = await startE2eServer(knownCustomers)
    browser = await launchChromium()
    context = await tabletContext(browser)
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
  })

  async function signIn(staffCode = ASSOCIATE.staffCode, pin = ASSOCIATE.pin) {
    await page.click(`[data-test="associate-${staffCode}"]`)
    for (const digit of pin) await page.click(`[data-test="pin-key-${digit}"]`)
    await page.click('[data-test="pin-ok"]')
  }

  async function search(text: string) {
    await page.fill('[data-test="lookup-input"]', text)
    await page.waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
  }

  it('enrolls with a one-time code and shows the first sync until the store\'s data is there', async () => {
    await page.goto(server.url)
    await page.waitForSelector('[data-test="enroll-code"]')
    await screenshot(page, '01-enroll')
    await page.fill('[data-test="enroll-code"]', (await server.enrollCode(STORE)).toLowerCase().replace('-', ' '))
    await page.click('[data-test="enroll-submit"]')
    await page.waitForURL(/\/lock/, { timeout: 60_000 })
    await page.waitForSelector(`[data-test="associate-${ASSOCIATE.staffCode}"]`)
    await screenshot(page, '02-lock-screen')
  })

  it('signs an associate in with their PIN, checked on the tablet', async () => {
    await signIn()
    await page.waitForSelector('[data-test="lookup-input"]')
    await screenshot(page, '03-lookup-empty')
  })

  it('finds a customer by a name typed without accents and by a formatted phone number', async () => {
    await search('nicolo')
    await screenshot(page, '04-lookup-results')
    await search('+39 333 123 4567')
  })

  it('shows the customer\'s online cart, wishlist and purchase history from every channel', async () => {
    await page.click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page.waitForSelector('[data-test="customer-name"]')
    expect(await page.textContent('[data-test="customer-name"]')).toContain('Niccolò')
    expect(await page.locator('[data-test="cart-item"]').count()).toBe(2)
    expect(await page.locator('[data-test="wishlist-item"]').count()).toBe(1)
    expect(await page.locator('[data-test="order"]').count()).toBe(2)
    await screenshot(page, '05-profile')
  })

  it('reloads from the service worker with the network off, and sign-in and lookup still work', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await context.setOffline(true)
    await page.reload()
    await page.waitForSelector(`[data-test="associate-${ASSOCIATE.staffCode}"]`)
    await signIn()
    await page.waitForSelector('[data-test="sync-status"][data-state="offline"]')
    // Sign-in brings the associate back to the profile they had open; the lookup is one tap away.
    await page.waitForSelector('[data-test="customer-name"]')
    await page.click('[data-test="home-link"]')
    await page.waitForSelector('[data-test="lookup-input"]')
    await search('bianchi nic')
    await screenshot(page, '06-offline-lookup')
    await context.setOffline(false)
  })

  it('shows a web cart change while the profile is open, without a reload', async () => {
    await page.click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page.waitForSelector('[data-test="sync-status"][data-state="live"]', { timeout: 60_000 })
    await server.commerce({
      id: 'evt-e2e-cart',
      type: 'cart.updated',
      occurredAt: new Date().toISOString(),
      data: { customerId: niccolo.id, items: [...knownCustomers.carts[0]!.items, { sku: 'SKU-000010', size: '', qty: 1, addedAt: new Date().toISOString(), channel: 'web', addedBy: 'customer' }] },
    })
    await page.waitForSelector('[data-test="cart-item"][data-sku="SKU-000010"]', { timeout: 15_000 })
    await screenshot(page, '07-profile-live-cart')
  })

  it('finds a customer of another store online and pins her, with her cart, to this tablet', async () => {
    await page.click('[data-test="home-link"]')
    await page.fill('[data-test="lookup-input"]', 'zoe muller')
    const hit = page.locator('[data-test="online-result"]', { hasText: 'Zoë Müller' })
    await hit.locator('[data-test="pin-customer"]').waitFor()
    expect(await page.locator(`[data-test="lookup-result"][data-customer-id="${zoe.id}"]`).count()).toBe(0)
    await screenshot(page, '09-online-results')
    await hit.locator('[data-test="pin-customer"]').click()
    await page.waitForURL(new RegExp(`/customers/${zoe.id}`), { timeout: 30_000 })
    await page.waitForSelector('[data-test="cart-item"][data-sku="SKU-000020"]')
    expect(await page.textContent('[data-test="customer-name"]')).toContain('Zoë')
  })

  it('locks the tablet after five wrong PINs', async () => {
    await page.click('[data-test="switch-associate"]')
    await page.click(`[data-test="associate-${ASSOCIATE.staffCode}"]`)
    for (let attempt = 0; attempt < 5; attempt++) {
      for (const digit of '9999') await page.click(`[data-test="pin-key-${digit}"]`)
      await page.click('[data-test="pin-ok"]')
      if (attempt < 4)
        await page.waitForSelector('[data-test="pin-error"]')
    }
    await page.waitForSelector('[data-test="lockout"]')
    await screenshot(page, '08-lockout')
  })
})
