/**
 * Issue 29, head office in the browser: an admin made with the command line signs in at
 * /office, opens a store, gives it its first manager and a code for its first tablet, and
 * grants a Milan manager the new store. The new store's tablet enrolls with that code and its
 * manager signs in there with the PIN head office agreed with them.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createOfficeAccount } from '../../sync-server/office/accounts'
import { axeViolations } from './axe'
import { enrollTablet, screenshot, signIn, tabletContext, useTablet } from './harness'

const STORE = { id: 'store-bologna-centro', name: 'Bologna Centro', line1: 'Via dell\'Indipendenza 12', city: 'Bologna', postalCode: '40121', province: 'BO' }

describe('head office in the app', () => {
  const tablet = useTablet({}, 'office-', () => ({ pinIterations: 100_000 }), 20)
  const page = () => tablet.page
  let code = ''

  async function looked(at: Page, name: string): Promise<void> {
    expect(await axeViolations(at)).toEqual([])
    await screenshot(at, name)
    await at.setViewportSize({ width: 820, height: 1180 })
    expect(await at.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1)
    await screenshot(at, `${name}-portrait`)
    await at.setViewportSize({ width: 1180, height: 820 })
  }

  it('signs the admin in with the password the command line printed, after refusing a wrong one', async () => {
    const { password } = await createOfficeAccount(tablet.server.db, { login: 'sede', displayName: 'Laura Sede', role: 'admin' }, 100_000)
    await page().goto(`${tablet.server.url}/office`)
    await page().fill('[data-test="office-login"]', 'sede')
    await page().fill('[data-test="office-password"]', 'WRONG-WRONG')
    await page().click('[data-test="office-sign-in-submit"]')
    await page().waitForSelector('[data-test="office-sign-in-failed"]')
    await looked(page(), 'office-sign-in')
    await page().fill('[data-test="office-password"]', password)
    await page().click('[data-test="office-sign-in-submit"]')
    await page().waitForSelector('[data-test="office"][data-signed-in="true"]')
    await page().waitForSelector('[data-test="office-store"][data-store="store-milano-duomo"]')
  })

  it('opens a store, gives it a manager and a code for its first tablet', async () => {
    for (const [field, value] of Object.entries(STORE)) await page().fill(`[data-test="office-store-${field}"]`, value)
    await page().click('[data-test="office-new-store-submit"]')
    await page().waitForSelector('[data-test="office-store-saved"]')
    const store = page().locator(`[data-test="office-store"][data-store="${STORE.id}"]`)
    await store.waitFor()
    await page().selectOption('[data-test="office-manager-store"]', STORE.id)
    await page().fill('[data-test="office-manager-name"]', 'Paolo Neri')
    await page().fill('[data-test="office-manager-code"]', 'BO01')
    await page().fill('[data-test="office-manager-pin"]', '482615')
    await page().fill('[data-test="office-manager-pin-again"]', '482614')
    expect(await page().isDisabled('[data-test="office-manager-submit"]')).toBe(true)
    await page().fill('[data-test="office-manager-pin-again"]', '482615')
    await page().click('[data-test="office-manager-submit"]')
    await page().waitForSelector('[data-test="office-manager-saved"]')
    await expect.poll(() => store.textContent()).toContain('Paolo Neri')
    await store.locator('[data-test="office-code-new"]').click()
    code = (await store.locator('[data-test="office-code"]').textContent())!.trim()
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
  })

  it('grants a Milan manager the new store as an area manager', async () => {
    await page().selectOption('[data-test="office-grants-manager"]', 'assoc-mi-01')
    await page().check(`[data-test="office-grant-${STORE.id}"]`)
    await page().click('[data-test="office-grants-submit"]')
    await page().waitForSelector('[data-test="office-grants-saved"]')
    await expect.poll(() => page().locator(`[data-test="office-store"][data-store="${STORE.id}"]`).textContent()).toContain('Giulia Colombo')
    await looked(page(), 'office')
  })

  it('enrolls the new store\'s first tablet with the code, where its manager signs in', async () => {
    const first = await (await tabletContext(tablet.browser)).newPage()
    await enrollTablet(first, { url: tablet.server.url, enrollCode: async () => code }, STORE.id)
    expect(await first.textContent('[data-test="lock-store-name"]')).toContain(STORE.name)
    await signIn(first, { staffCode: 'BO01', pin: '482615' })
    await first.waitForSelector('[data-test="lookup-input"]')
  })
})
