/**
 * Issue 24 on a real tablet: a new tablet of a big store opens its lock screen once staff and
 * store are in, before its customers (their pulls held here). An associate signs in and looks a
 * customer up: the server finds them in the store's book; opening them brings their profile
 * and cart into the tablet at once (found offline afterwards). Offline, the
 * lookup says the customers are still arriving and a customer not yet here says so too. Once
 * the customers are in, the same search is local. A tablet set up in English says it in English.
 */
import { describe, expect, it } from 'vitest'
import { makeCustomer } from '../fixtures/docs'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { axeViolations } from './axe'
import { enrollHolding, firstDownloadDone, screenshot, setOnline, signIn, tabletContext, useTablet } from './harness'

/** A second customer of the store, looked for offline. */
const giulia = makeCustomer({ id: 'cus-giulia', firstName: 'Giulia', lastName: 'Quarantotto', email: 'giulia.q@example.com', phone: '+39 333 765 4321', loyaltyId: 'LOY-77770048', homeStoreId: STORE })

describe('a new tablet, serving customers before they have all arrived', () => {
  const tablet = useTablet({ ...knownCustomers, customers: [...knownCustomers.customers, giulia] }, 'book-arriving-')
  const page = () => tablet.page
  const arriving = () => page().locator('[data-test="lookup-book-arriving"]')
  let release = () => {}

  it('opens the lock screen before the customers, and finds a customer of the store through the server', async () => {
    release = await enrollHolding(page(), tablet.server, STORE, ['customers'])
    await signIn(page(), ASSOCIATE)
    const chip = page().locator('[data-test="sync-status"]')
    await expect.poll(() => chip.getAttribute('data-state'), { timeout: 30_000 }).toBe('background')
    expect(await chip.textContent()).toMatch(/Clienti \d+ %/)
    await page().fill('[data-test="lookup-input"]', 'bian')
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    expect(await arriving().getAttribute('data-state')).toBe('ready')
    expect(await arriving().textContent()).toMatch(/stanno ancora arrivando/)
    await screenshot(page(), 'book-arriving-lookup-1180')
    expect(await axeViolations(page())).toEqual([])
    await page().setViewportSize({ width: 820, height: 1180 })
    await screenshot(page(), 'book-arriving-lookup-820')
    await page().setViewportSize({ width: 1180, height: 820 })
  })

  it('opens that customer\'s profile with their cart, written into the tablet', async () => {
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().waitForSelector('[data-test="customer-name"]', { timeout: 30_000 })
    expect(await page().textContent('[data-test="customer-name"]')).toContain('Niccolò')
    await page().waitForSelector('[data-test="cart-total"]')
    await screenshot(page(), 'book-arriving-profile')
  })

  it('says offline that the customers are still arriving, in the lookup and on a customer not yet here', async () => {
    await page().goBack()
    await page().fill('[data-test="lookup-input"]', 'quaranto')
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${giulia.id}"]`)
    await setOnline(tablet, false)
    // The customer opened before is on the tablet now: found offline, without the server.
    await page().fill('[data-test="lookup-input"]', 'bian')
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().fill('[data-test="lookup-input"]', 'quarant')
    await expect.poll(() => arriving().getAttribute('data-state')).toBe('offline')
    expect(await page().locator(`[data-test="lookup-result"][data-customer-id="${giulia.id}"]`).count()).toBe(0)
    expect(await arriving().textContent()).toMatch(/offline si trovano solo quelli già qui/)
    await screenshot(page(), 'book-arriving-lookup-offline')
    await page().fill('[data-test="lookup-input"]', 'quaranto')
    await setOnline(tablet, true)
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${giulia.id}"]`)
    await setOnline(tablet, false)
    await page().click(`[data-test="lookup-result"][data-customer-id="${giulia.id}"]`)
    await page().waitForSelector('[data-test="customer-arriving"]', { timeout: 30_000 })
    expect(await page().textContent('[data-test="customer-arriving"]')).toMatch(/non è ancora arrivato/)
    await screenshot(page(), 'book-arriving-profile-offline')
    expect(await axeViolations(page())).toEqual([])
    await page().setViewportSize({ width: 820, height: 1180 })
    await screenshot(page(), 'book-arriving-profile-offline-820')
    await page().setViewportSize({ width: 1180, height: 820 })
    await setOnline(tablet, true)
    // Back online: the profile opens by itself.
    await page().waitForSelector('[data-test="customer-name"]', { timeout: 30_000 })
    expect(await page().textContent('[data-test="customer-name"]')).toContain('Giulia')
  })

  it('looks up locally once the customers are in', async () => {
    release()
    await firstDownloadDone(page())
    await page().unrouteAll({ behavior: 'ignoreErrors' })
    await page().goBack()
    await page().fill('[data-test="lookup-input"]', 'bian')
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    expect(await arriving().count()).toBe(0)
  })

  it('says the same in English on a tablet set up in English', async () => {
    const context = await tabletContext(tablet.browser, 'en-GB')
    try {
      const en = await context.newPage()
      const enArriving = en.locator('[data-test="lookup-book-arriving"]')
      const done = await enrollHolding(en, tablet.server, STORE, ['customers'])
      await signIn(en, ASSOCIATE)
      await expect.poll(() => en.locator('[data-test="sync-status"]').textContent(), { timeout: 30_000 }).toMatch(/Customers \d+ %/)
      await en.fill('[data-test="lookup-input"]', 'bian')
      await en.waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
      expect(await enArriving.textContent()).toMatch(/customers are still arriving on this tablet \(\d+ %\): those not here yet are found through the server/)
      // Only this tablet goes offline: its browser says so, the lookup asks no server.
      await context.setOffline(true)
      await en.fill('[data-test="lookup-input"]', 'quarant')
      await expect.poll(() => enArriving.getAttribute('data-state'), { timeout: 30_000 }).toBe('offline')
      expect(await enArriving.textContent()).toMatch(/offline, only those already here can be found/)
      await en.waitForSelector('[data-test="lookup-no-results"]', { timeout: 30_000 })
      expect(await en.textContent('[data-test="lookup-no-results"]')).toContain('quarant')
      await screenshot(en, 'book-arriving-lookup-offline-en')
      expect(await axeViolations(en)).toEqual([])
      await en.setViewportSize({ width: 820, height: 1180 })
      await screenshot(en, 'book-arriving-lookup-offline-en-820')
      done()
    }
    finally {
      await context.close()
    }
  })
})
