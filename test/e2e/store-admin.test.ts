/**
 * Issue 29 in the browser: the manager enrolls new tablets from the manager area — one by typing
 * the code shown there, one by filming its QR code with the new tablet's camera (Chromium's fake
 * camera plays a video of it) — and cancels a code nobody will use.
 */
import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { axeViolations } from './axe'
import { launchChromiumFilming, qrVideo } from './fake-camera'
import { knownCustomers, STORE } from './fixtures'
import { enrollTablet, screenshot, signIn, tabletContext, useTablet } from './harness'

const MANAGER = { staffCode: 'MI01', pin: '010101' }

describe('running the store from the manager area', () => {
  const tablet = useTablet(knownCustomers, 'store-admin-')
  const page = () => tablet.page
  const others: Browser[] = []
  afterAll(async () => {
    await Promise.all(others.map(b => b.close()))
  })

  async function newCode(): Promise<string> {
    await page().click('[data-test="enroll-code-new"]')
    await page().waitForSelector('[data-test="enroll-code-qr"]')
    return (await page().textContent('[data-test="enroll-code-text"]'))!.trim()
  }

  it('shows the manager a code for a new tablet, as text and QR, which a second tablet types to enroll', async () => {
    await enrollTablet(page(), tablet.server, STORE)
    await signIn(page(), MANAGER)
    await page().click('[data-test="manager-link"]')
    await page().click('[data-test="manager-nav-devices"]')
    await page().waitForSelector('[data-test="store-devices"][data-state="ready"]')
    const code = await newCode()
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'store-admin-enroll-code')
    await page().setViewportSize({ width: 820, height: 1180 })
    await screenshot(page(), 'store-admin-enroll-code-portrait')
    await page().setViewportSize({ width: 1180, height: 820 })
    const second = await (await tabletContext(tablet.browser)).newPage()
    await enrollTablet(second, { url: tablet.server.url, enrollCode: async () => code }, STORE)
    await page().click('[data-test="enroll-code-close"]')
    await page().click('[data-test="manager-nav-dashboard"]')
    await page().click('[data-test="manager-nav-devices"]')
    await expect.poll(() => page().locator('[data-test="store-device"]').count()).toBe(2)
  })

  it('enrolls a third tablet that films the QR code with its camera', async () => {
    const code = await newCode()
    const filming = await launchChromiumFilming(qrVideo(code))
    others.push(filming)
    const third = await (await tabletContext(filming)).newPage()
    await third.goto(tablet.server.url)
    await third.click('[data-test="enroll-scan"]')
    await expect.poll(() => third.inputValue('[data-test="enroll-code"]'), { timeout: 30_000 }).toBe(code)
    await third.click('[data-test="enroll-submit"]')
    await third.waitForURL(/\/lock/, { timeout: 60_000 })
    await page().click('[data-test="enroll-code-close"]')
  })

  it('cancels a code nobody will use: it leaves the list and enrolls nothing', async () => {
    const code = await newCode()
    await page().click('[data-test="enroll-code-close"]')
    await page().click('[data-test="manager-nav-dashboard"]')
    await page().click('[data-test="manager-nav-devices"]')
    await expect.poll(() => page().locator('[data-test="enroll-code-row"]').count()).toBe(1)
    await page().click('[data-test="enroll-code-row-cancel"]')
    await expect.poll(() => page().locator('[data-test="enroll-code-row"]').count()).toBe(0)
    const reply = await fetch(`${tablet.server.url}/api/devices/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'x' }) })
    expect(reply.status).toBe(400)
  })
})
