/**
 * Issue 29 in the browser: the manager enrolls new tablets from the manager area — one by typing
 * the code shown there, one by filming its QR code with the new tablet's camera (Chromium's fake
 * camera plays a video of it) — and cancels a code nobody will use.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { axeViolations } from './axe'
import { launchChromiumFilming, qrVideo } from './fake-camera'
import { knownCustomers, STORE } from './fixtures'
import { enrollTablet, firstDownloadDone, screenshot, signIn, tabletContext, useTablet } from './harness'
import { dumpIndexedDb } from './indexeddb'

const MANAGER = { staffCode: 'MI01', pin: '010101' }

describe('running the store from the manager area', () => {
  // PINs set from the manager area are hashed with the fewest iterations the server allows, and the
  // book is small: three tablets make their first sync here, which is checked, not benchmarked.
  const tablet = useTablet(knownCustomers, 'store-admin-', () => ({ pinIterations: 100_000 }), 20)
  const page = () => tablet.page
  const others: Browser[] = []
  let second: Page
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
    second = await (await tabletContext(tablet.browser)).newPage()
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
    await firstDownloadDone(third)
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

  /** The member types their PIN on the manager's tablet, twice. */
  async function typePinTwice(pin: string, on = page()): Promise<void> {
    for (const step of ['first', 'again']) {
      await on.waitForSelector(`[data-test="staff-pin-step"][data-step="${step}"]`)
      for (const digit of pin) await on.click(`[data-test="staff-pin-step"] [data-test="pin-key-${digit}"]`)
      if (pin.length < 6)
        await on.click('[data-test="staff-pin-step"] [data-test="pin-ok"]')
    }
  }
  const pinHashOf = async (staffCode: string) => (await tablet.server.db.query<{ data: { pin: { hash: string } } }>(`SELECT data FROM docs WHERE collection = 'associates' AND data->>'staffCode' = $1`, [staffCode])).rows[0]?.data.pin.hash

  it('adds a member of staff, who types their own PIN and then signs in on the second tablet', async () => {
    await page().click('[data-test="manager-nav-staff"]')
    await page().waitForSelector('[data-test="manager-staff"]')
    await page().click('[data-test="staff-add"]')
    await page().fill('[data-test="staff-name"]', 'Sara Neri')
    await page().fill('[data-test="staff-code"]', 'mi07')
    await page().click('[data-test="staff-next"]')
    // Two different PINs are caught before anything is sent.
    await page().waitForSelector('[data-test="staff-pin-step"][data-step="first"]')
    for (const digit of '4826') await page().click(`[data-test="staff-pin-step"] [data-test="pin-key-${digit}"]`)
    await page().click('[data-test="staff-pin-step"] [data-test="pin-ok"]')
    for (const digit of '4827') await page().click(`[data-test="staff-pin-step"] [data-test="pin-key-${digit}"]`)
    await page().click('[data-test="staff-pin-step"] [data-test="pin-ok"]')
    await page().waitForSelector('[data-test="staff-pin-problem"]')
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'store-admin-staff-pin')
    await typePinTwice('4826')
    await page().waitForSelector('[data-test="manager-staff"][data-state="saved"]')
    await expect.poll(() => page().locator('[data-test="staff-row"][data-staff-code="MI07"]').count()).toBe(1)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'store-admin-staff')
    // The second tablet's lock screen lists her once it has synced, and her PIN opens it offline-checked.
    await second.waitForSelector('[data-test="associate-MI07"]', { timeout: 30_000 })
    await signIn(second, { staffCode: 'MI07', pin: '4826' })
    await second.waitForSelector('[data-test="lookup-input"]')
  })

  it('gives her a new PIN: the second tablet then takes the new one and refuses the old', async () => {
    await second.click('[data-test="switch-associate"]')
    const before = await pinHashOf('MI07')
    await page().locator('[data-test="staff-row"][data-staff-code="MI07"] [data-test="staff-pin"]').click()
    await typePinTwice('7391')
    await page().waitForSelector('[data-test="manager-staff"][data-state="saved"]')
    const after = await pinHashOf('MI07')
    expect(after).not.toBe(before)
    await expect.poll(async () => (await dumpIndexedDb(second)).includes(after!), { timeout: 30_000 }).toBe(true)
    await signIn(second, { staffCode: 'MI07', pin: '4826' })
    await second.waitForSelector('[data-test="pin-error"]')
    for (const digit of '7391') await second.click(`[data-test="pin-key-${digit}"]`)
    await second.click('[data-test="pin-ok"]')
    await second.waitForSelector('[data-test="lookup-input"]')
  })

  it('unlocks the second tablet she locked with wrong PINs by the manager\'s PIN there, and gives her a new PIN on it', async () => {
    await second.click('[data-test="switch-associate"]')
    await second.click('[data-test="associate-MI07"]')
    for (let i = 0; i < 5; i++) {
      for (const digit of '1111') await second.click(`[data-test="pin-key-${digit}"]`)
      await second.click('[data-test="pin-ok"]')
      // Each wrong PIN says how many are left (4 … 1); the fifth locks the tablet.
      await second.waitForFunction(n => document.querySelector('[data-test="lockout"]') !== null || document.querySelector('[data-test="pin-error"]')?.textContent?.includes(String(4 - n)) === true, i)
    }
    await second.waitForSelector('[data-test="lockout-lift"]')
    expect(await axeViolations(second)).toEqual([])
    await screenshot(second, 'store-admin-lockout')
    // The manager's PIN, typed wrong once, then right: the tablet opens, signed in as the manager.
    await second.click('[data-test="lockout-lift"]')
    await second.waitForSelector('[data-test="lift-managers"]')
    await signIn(second, { staffCode: 'MI01', pin: '999999' })
    await expect.poll(() => second.textContent('[data-test="pin-error"]')).toContain('2')
    for (const digit of MANAGER.pin) await second.click(`[data-test="pin-key-${digit}"]`)
    await second.waitForSelector('[data-test="lookup-input"]')
    await second.click('[data-test="manager-link"]')
    await second.click('[data-test="manager-nav-staff"]')
    await second.locator('[data-test="staff-row"][data-staff-code="MI07"] [data-test="staff-pin"]').click()
    await typePinTwice('5820', second)
    await second.waitForSelector('[data-test="manager-staff"][data-state="saved"]')
    await second.click('[data-test="switch-associate"]')
    await signIn(second, { staffCode: 'MI07', pin: '5820' })
    await second.waitForSelector('[data-test="lookup-input"]')
  })

  it('deactivates her: she is gone from the second tablet\'s lock screen, her history stays', async () => {
    await second.click('[data-test="switch-associate"]')
    const row = page().locator('[data-test="staff-row"][data-staff-code="MI07"]')
    await row.locator('[data-test="staff-deactivate"]').click()
    await row.locator('[data-test="staff-deactivate-confirm"]').click()
    await expect.poll(() => row.locator('[data-test="staff-inactive"]').count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => second.locator('[data-test="associate-MI07"]').count(), { timeout: 30_000 }).toBe(0)
  })

  it('sets the store\'s settings in one screen: a lock time out of range is explained, the saved one reaches the tablet', async () => {
    await page().click('[data-test="manager-nav-availability"]')
    await page().waitForSelector('[data-test="store-settings"]')
    await page().fill('[data-test="setting-inactivityMinutes"]', '45')
    await page().click('[data-test="settings-save"]')
    await page().waitForSelector('[data-test="store-settings"][data-state="invalid"]')
    expect(await page().textContent('[data-test="store-settings"]')).toContain('1 a 30')
    await page().fill('[data-test="setting-inactivityMinutes"]', '1')
    await page().fill('[data-test="setting-quiet-from"]', '21:30')
    await page().click('[data-test="settings-save"]')
    await page().waitForSelector('[data-test="store-settings"][data-state="saved"]')
    // The store's log says who changed the settings, under the staff changes made before.
    const latest = page().locator('[data-test="store-log-entry"]').first()
    await expect.poll(() => latest.getAttribute('data-action')).toBe('settings')
    expect(await latest.textContent()).toContain('Giulia Colombo')
    expect(await page().locator('[data-test="store-log-entry"][data-action="pin-reset"]').count()).toBe(2)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'store-admin-settings')
    await page().setViewportSize({ width: 820, height: 1180 })
    await screenshot(page(), 'store-admin-settings-portrait')
    await page().setViewportSize({ width: 1180, height: 820 })
    // The store's document comes back with the next pull: the device screen then shows the store's rule.
    await page().click('[data-test="device-link"]')
    await expect.poll(() => page().textContent('[data-test="inactivity-by-store"]').catch(() => ''), { timeout: 30_000 }).toContain('1 minuto')
  })

  it('lets an area manager pick another store granted to them and run its staff from this tablet', async () => {
    // Head office's grant (the CLI's manager-stores): MI01 also runs Roma Condotti.
    await tablet.server.db.query('INSERT INTO manager_stores (associate_id, store_id) VALUES ($1, $2)', ['assoc-mi-01', 'store-roma-condotti'])
    await page().click('[data-test="manager-link"]')
    await page().click('[data-test="manager-nav-staff"]')
    await page().selectOption('[data-test="staff-store"]', 'store-roma-condotti')
    const row = page().locator('[data-test="staff-row"][data-staff-code="RM02"]')
    await row.waitFor()
    expect(await page().locator('[data-test="staff-row"][data-staff-code^="MI"]').count()).toBe(0)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'store-admin-area-manager')
    await row.locator('[data-test="staff-deactivate"]').click()
    await row.locator('[data-test="staff-deactivate-confirm"]').click()
    await expect.poll(() => row.locator('[data-test="staff-inactive"]').count()).toBe(1)
    const { rows } = await tablet.server.db.query<{ active: boolean }>(`SELECT (data->>'active')::boolean AS active FROM docs WHERE collection = 'associates' AND id = 'assoc-rm-02'`)
    expect(rows[0]?.active).toBe(false)
  })
})
