/**
 * Issue 24 on a real tablet: a new tablet's lock screen opens before its first download is
 * in, with the history still on its way (its pulls held here); an associate signs in, finds a customer,
 * and the sync chip says what is still coming; a profile opened then shows the purchases the
 * server sends for it, and offline says they are still to come; once the history arrives the
 * chip goes live; purchases older than the tablet's window come from the server on request.
 */
import { describe, expect, it } from 'vitest'
import { makeOrder } from '../fixtures/docs'
import { ASSOCIATE, knownCustomers, niccolo, niccoloOrders, STORE } from './fixtures'
import { enrollHolding, firstDownloadDone, screenshot, setOnline, signIn, useTablet } from './harness'

const HISTORY = ['orders', 'visits', 'interactions']
/** Older than the default 24-month window: on the server only. */
const oldOrder = makeOrder({ id: 'ord-niccolo-2019', storeId: STORE, associateId: 'assoc-mi-02', customerId: niccolo.id, visitId: null, placedAt: '2019-03-01T10:00:00.000Z' })

describe('a new tablet, usable before its history has arrived', () => {
  const tablet = useTablet({ ...knownCustomers, customers: [{ ...niccolo, orderCount: 3 }, ...knownCustomers.customers.slice(1)], orders: [...niccoloOrders, oldOrder] }, 'first-download-')
  const orders = () => page().locator('[data-test="order"]').count()
  const page = () => tablet.page
  let release = () => {}

  it('opens the lock screen while the history is held, and an associate signs in and finds a customer', async () => {
    release = await enrollHolding(page(), tablet.server, STORE, HISTORY)
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', 'nicco')
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    const chip = page().locator('[data-test="sync-status"]')
    await expect.poll(() => chip.getAttribute('data-state')).toBe('background')
    // Customers and their lists come first, quickly here; then the held history.
    await expect.poll(() => chip.textContent(), { timeout: 30_000 }).toMatch(/Storico \d+ %/)
    await screenshot(page(), 'first-download-background-1180')
    await page().setViewportSize({ width: 820, height: 1180 })
    await screenshot(page(), 'first-download-background-820')
    await page().setViewportSize({ width: 1180, height: 820 })
    // Nothing of the history yet: the download holds it.
    expect(await page().evaluate(() => (JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean }).initialDone)).toBe(false)
  })

  it('shows a profile\'s purchases from the server while the history is still held', async () => {
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="tab-orders"]')
    await expect.poll(orders, { timeout: 30_000 }).toBe(2)
    expect(await page().locator('[data-test="profile-history-pending"]').count()).toBe(0)
  })

  it('says the history is still to come when the profile is opened offline', async () => {
    await setOnline(tablet, false)
    // Back to the results and into the profile again, inside the app.
    await page().goBack()
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().waitForSelector('[data-test="profile-history-pending"]')
    expect(await page().textContent('[data-test="profile-history-pending"]')).toMatch(/stanno ancora arrivando/)
    await screenshot(page(), 'first-download-profile-pending')
    await setOnline(tablet, true)
  })

  it('shows the purchases and goes live once the history arrives', async () => {
    release()
    await firstDownloadDone(page())
    await page().unrouteAll({ behavior: 'ignoreErrors' })
    await page().waitForSelector('[data-test="sync-status"][data-state="live"]', { timeout: 60_000 })
    await expect.poll(() => page().locator('[data-test="profile-history-pending"]').count(), { timeout: 30_000 }).toBe(0)
    await page().click('[data-test="tab-orders"]')
    await expect.poll(orders, { timeout: 30_000 }).toBe(2)
  })

  it('brings the purchases older than the tablet\'s window from the server on request', async () => {
    expect(await page().textContent('[data-test="orders-older"]')).toMatch(/1 acquisto più vecchio/)
    await page().click('[data-test="orders-load-older"]')
    await expect.poll(orders, { timeout: 30_000 }).toBe(3)
    await screenshot(page(), 'first-download-older-purchases')
  })
})
