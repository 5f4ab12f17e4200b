/**
 * Issue 24 on a real tablet: a new tablet's lock screen opens once the customers are in, with
 * the history still on its way (its pulls held here); an associate signs in, finds a customer,
 * and the sync chip says what is still coming; once the history arrives the chip goes live
 * and the profile shows the purchases.
 */
import { describe, expect, it } from 'vitest'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { firstDownloadDone, screenshot, signIn, useTablet } from './harness'

const HISTORY = ['orders', 'visits', 'interactions']

describe('a new tablet, usable before its history has arrived', () => {
  const tablet = useTablet(knownCustomers, 'first-download-')
  const page = () => tablet.page
  let release = () => {}

  it('opens the lock screen while the history is held, and an associate signs in and finds a customer', async () => {
    const held = new Promise<void>(resolve => release = resolve)
    for (const c of HISTORY) {
      await page().route(`**/api/sync/${c}/pull*`, async (route) => {
        await held
        await route.continue()
      })
    }
    await page().goto(tablet.server.url)
    await page().fill('[data-test="enroll-code"]', await tablet.server.enrollCode(STORE))
    await page().click('[data-test="enroll-submit"]')
    await page().waitForURL(/\/lock/, { timeout: 60_000 })
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', 'nicco')
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    const chip = page().locator('[data-test="sync-status"]')
    await expect.poll(() => chip.getAttribute('data-state')).toBe('background')
    expect(await chip.textContent()).toMatch(/Storico \d+ %/)
    await screenshot(page(), 'first-download-background-1180')
    await page().setViewportSize({ width: 820, height: 1180 })
    await screenshot(page(), 'first-download-background-820')
    await page().setViewportSize({ width: 1180, height: 820 })
    // Nothing of the history yet: the download holds it.
    expect(await page().evaluate(() => (JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean }).initialDone)).toBe(false)
  })

  it('shows the purchases and goes live once the history arrives', async () => {
    release()
    await firstDownloadDone(page())
    await page().unrouteAll({ behavior: 'ignoreErrors' })
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="tab-orders"]')
    await expect.poll(() => page().locator('[data-test="order"]').count(), { timeout: 30_000 }).toBe(2)
    await page().waitForSelector('[data-test="sync-status"][data-state="live"]', { timeout: 60_000 })
  })
})
