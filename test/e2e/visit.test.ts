/**
 * An in-store visit run with the Wi-Fi down: started from the customer's profile, four
 * interactions, a page reload in the middle (the open visit comes back after sign-in), ended
 * with an outcome; back online, the server holds exactly that visit and those interactions, once.
 * Minutes later Niccolò calls the contact centre (issue 25): the agent finds him by phone, sees
 * that visit, and adds a note the tablet still showing his profile displays without a reload.
 */
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createOfficeAccount } from '../../sync-server/office/accounts'
import { axeViolations } from './axe'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { firstDownloadDone, screenshot, setOnline, signIn as signInAs, useTablet } from './harness'

/** A desktop browser at the contact centre, signed in as an agent. */
async function contactDesk(browser: Browser, url: string, login: string, password: string, locale: string): Promise<Page> {
  const desk = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale })).newPage()
  await desk.goto(`${url}/office`)
  await desk.fill('[data-test="office-login"]', login)
  await desk.fill('[data-test="office-password"]', password)
  await desk.click('[data-test="office-sign-in-submit"]')
  await desk.waitForSelector('[data-test="office"][data-role="contact_centre"]')
  return desk
}

const PRODUCT = 'SKU-000001'

describe('a visit on the tablet in Chromium', () => {
  let visitUrl = ''

  const tablet = useTablet(knownCustomers, 'visit-')

  const signIn = () => signInAs(tablet.page, ASSOCIATE)

  const interactions = () => tablet.page.locator('[data-test="visit-view"] [data-test="interaction"]')

  async function serverRows() {
    const { rows } = await tablet.server.db.query<{ collection: string, id: string, data: Record<string, unknown> }>(
      `SELECT collection, id, data FROM docs WHERE collection IN ('visits', 'interactions') AND customer_id = $1`,
      [niccolo.id],
    )
    return { visits: rows.filter(r => r.collection === 'visits'), interactions: rows.filter(r => r.collection === 'interactions') }
  }

  it('enrolls, signs in and opens Niccolò\'s profile', async () => {
    await tablet.page.goto(tablet.server.url)
    await tablet.page.fill('[data-test="enroll-code"]', await tablet.server.enrollCode(STORE))
    await tablet.page.click('[data-test="enroll-submit"]')
    await tablet.page.waitForURL(/\/lock/, { timeout: 60_000 })
    await firstDownloadDone(tablet.page)
    await signIn()
    await tablet.page.fill('[data-test="lookup-input"]', 'nicolo')
    await tablet.page.click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await tablet.page.waitForSelector('[data-test="start-visit"]')
    await tablet.page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  })

  it('starts a visit offline and logs shown, tried on and recommended with one tap each', async () => {
    await setOnline(tablet, false)
    await tablet.page.click('[data-test="start-visit"]')
    await tablet.page.waitForSelector('[data-test="visit-view"] [data-test="product-search"]')
    visitUrl = tablet.page.url()
    expect(visitUrl).toMatch(/\/visits\/[0-9A-Z]{26}$/)
    await tablet.page.fill('[data-test="product-search"]', PRODUCT.toLowerCase())
    const result = tablet.page.locator(`[data-test="product-result"][data-sku="${PRODUCT}"]`)
    await result.waitFor()
    await result.locator('[data-test="log-shown"]').click()
    await interactions().nth(0).waitFor()
    await result.locator('[data-test="log-tried_on"]').click()
    // One-size products log at once; others ask which size was tried on.
    if (await result.locator('[data-test="size-option"]').count())
      await result.locator('[data-test="size-option"]').first().click()
    await interactions().nth(1).waitFor()
    await result.locator('[data-test="log-recommended"]').click()
    await interactions().nth(2).waitFor()
    expect(await interactions().first().getAttribute('data-type')).toBe('recommended')
    await screenshot(tablet.page, 'visit-01-products')
  })

  it('saves a note shared beyond the store, and the open visit survives a reload with the network off', async () => {
    await tablet.page.fill('[data-test="note-input"]', 'Cerca un regalo per la moglie, taglia 38')
    await tablet.page.check('[data-test="note-shared"]')
    await tablet.page.click('[data-test="note-save"]')
    await interactions().nth(3).waitFor()
    expect(await tablet.page.inputValue('[data-test="note-input"]')).toBe('')
    // The next note is private again unless the associate says otherwise.
    expect(await tablet.page.isChecked('[data-test="note-shared"]')).toBe(false)
    expect(await tablet.page.locator('[data-test="interaction-shared"]').count()).toBe(1)
    await tablet.page.reload()
    await signIn()
    await tablet.page.waitForURL(visitUrl)
    await tablet.page.waitForSelector('[data-test="visit-view"] [data-test="product-search"]')
    await interactions().nth(3).waitFor()
    expect(await interactions().count()).toBe(4)
    expect(await tablet.page.textContent('[data-test="visit-customer"]')).toContain('Niccolò')
    await screenshot(tablet.page, 'visit-02-after-reload')
  })

  it('ends with no purchase and shows the visit on the profile, with a message to follow it up', async () => {
    await tablet.page.click('[data-test="end-visit"]')
    await tablet.page.click('[data-test="outcome-no_purchase"]')
    await tablet.page.waitForURL(new RegExp(`/customers/${niccolo.id}\\?visit=`))
    await tablet.page.waitForSelector('[data-test="outreach-after-visit"]')
    await screenshot(tablet.page, 'visit-03-after-visit-card')
    // The products of the visit come picked, ready to send (offline too).
    await tablet.page.click('[data-test="outreach-after-visit-write"]')
    await tablet.page.waitForSelector('[data-test="outreach-composer"][data-state="writing"]')
    await expect.poll(() => tablet.page.isChecked(`[data-test="outreach-product-${PRODUCT}"]`)).toBe(true)
    await screenshot(tablet.page, 'visit-03-follow-up-message-composer')
    await tablet.page.click('[data-test="outreach-close"]')
    expect(await tablet.page.locator('[data-test="outreach-after-visit"]').count()).toBe(0)
    await tablet.page.click('[data-test="tab-visits"]')
    await tablet.page.waitForSelector('[data-test="customer-visits"] [data-test="visit"]')
    expect(await tablet.page.locator('[data-test="customer-visits"] [data-test="interaction"]').count()).toBe(4)
    await screenshot(tablet.page, 'visit-04-profile-timeline')
  })

  it('delivers exactly one visit and four interactions to the server once back online', async () => {
    expect((await serverRows()).interactions).toHaveLength(0)
    await setOnline(tablet, true)
    await expect.poll(async () => {
      const rows = await serverRows()
      return [rows.visits.length, rows.interactions.length, rows.visits[0]?.data.outcome]
    }, { timeout: 60_000, interval: 500 }).toEqual([1, 4, 'no_purchase'])
    await tablet.page.waitForSelector('[data-test="sync-status"][data-state="live"]', { timeout: 60_000 })
    const rows = await serverRows()
    expect(rows.visits).toHaveLength(1)
    expect(rows.interactions.map(r => r.data.type).sort()).toEqual(['note', 'recommended', 'shown', 'tried_on'])
    expect(rows.interactions.filter(r => r.data.shared === true).map(r => r.data.type)).toEqual(['note'])
    expect(new Set(rows.interactions.map(r => r.data.visitId))).toEqual(new Set([rows.visits[0]!.id]))
    expect(rows.interactions.every(r => r.data.associateId === rows.visits[0]!.data.associateId && r.data.storeId === STORE)).toBe(true)
  })

  it('lets a contact-centre agent find him by phone, see that visit, and add a note the tablet shows without a reload', async () => {
    const { password } = await createOfficeAccount(tablet.server.db, { login: 'centralino', displayName: 'Giada Operatrice', role: 'contact_centre' }, 100_000)
    const desk = await contactDesk(tablet.browser, tablet.server.url, 'centralino', password, 'it-IT')
    await desk.fill('[data-test="contact-query"]', '333/1234567')
    await desk.click('[data-test="contact-find"]')
    // One caller has that number: the profile opens by itself.
    await desk.waitForSelector('[data-test="contact-centre"] [data-test="customer-name"]')
    expect(await desk.textContent('[data-test="customer-name"]')).toContain('Niccolò')
    await desk.click('[data-test="tab-visits"]')
    const visit = desk.locator('[data-test="customer-visits"] [data-test="visit"]')
    await visit.first().waitFor()
    expect(await visit.count()).toBe(1)
    expect(await desk.locator('[data-test="customer-visits"] [data-test="interaction"]').count()).toBe(4)
    expect(await desk.textContent('[data-test="customer-visits"]')).toContain('Cerca un regalo per la moglie')
    expect(await axeViolations(desk)).toEqual([])
    await screenshot(desk, 'contact-centre-visit')

    // The tablet still shows his profile; it will not be reloaded.
    await tablet.page.click('[data-test="tab-overview"]')
    await tablet.page.evaluate(() => Object.assign(window, { stayed: true }))
    await desk.fill('[data-test="contact-note"]', 'Ha chiamato: passa sabato a ritirare il regalo')
    await desk.click('[data-test="contact-note-save"]')
    await desk.waitForSelector('[data-test="contact-note-saved"]')
    await desk.click('[data-test="tab-overview"]')
    await desk.waitForSelector('[data-test="touchpoint-note"][data-source="contact-centre"]')
    await screenshot(desk, 'contact-centre-note')
    // A desktop screen, also used on a tablet: nothing wider than the screen, either way round.
    for (const [width, height, name] of [[1180, 820, 'landscape'], [820, 1180, 'portrait']] as const) {
      await desk.setViewportSize({ width, height })
      expect(await desk.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1)
      await screenshot(desk, `contact-centre-${name}`)
    }
    const onTablet = tablet.page.locator('[data-test="touchpoint-note"][data-source="contact-centre"]')
    await onTablet.waitFor({ timeout: 30_000 })
    expect(await onTablet.textContent()).toMatch(/Servizio clienti.*ritirare il regalo/s)
    expect(await tablet.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
    await desk.context().close()
  })

  it('shows the agent\'s desk in English, and says so when nobody has the number', async () => {
    const { password } = await createOfficeAccount(tablet.server.db, { login: 'agent-en', displayName: 'Ann Agent', role: 'contact_centre' }, 100_000)
    const desk = await contactDesk(tablet.browser, tablet.server.url, 'agent-en', password, 'en-GB')
    await desk.fill('[data-test="contact-query"]', '+39 02 0000 0000')
    await desk.click('[data-test="contact-find"]')
    await desk.waitForSelector('[data-test="contact-no-match"]')
    expect(await desk.textContent('[data-test="contact-no-match"]')).toContain('No customer has this phone or e-mail')
    await desk.fill('[data-test="contact-query"]', 'NICCOLO.BIANCHI@example.com')
    await desk.click('[data-test="contact-find"]')
    await desk.waitForSelector('[data-test="contact-centre"] [data-test="touchpoint-note"]')
    expect(await desk.textContent('[data-test="touchpoint-notes"]')).toContain('Contact centre')
    expect(await axeViolations(desk)).toEqual([])
    await screenshot(desk, 'contact-centre-en')
    await desk.context().close()
  })
})
