/**
 * Issue 21's outreach in the browser: with the network down, an associate sends Niccolò a look
 * by e-mail from his profile; back online, a real SMTP server receives exactly one message; he
 * unsubscribes through its link; a second tablet of the store then shows the withdrawn consent
 * and offers no e-mail any more.
 */
import type { TestSmtp } from '../server/mail-helpers'
import { afterAll, describe, expect, it } from 'vitest'
import { header, part, startSmtp } from '../server/mail-helpers'
import { axeViolations } from './axe'
import { withWriter } from '../../sync-server/storage/writer'
import { makeOrder } from '../fixtures/docs'
import { quietHoursAwayFrom } from '../fixtures/quiet-hours'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { enrollTablet, screenshot, setOnline, signIn, tabletContext, useTablet } from './harness'

const MANAGER = { staffCode: 'MI01', pin: '010101' }
let smtp: TestSmtp
const smtpReady = startSmtp().then(s => (smtp = s))

describe('sending a look by e-mail, offline first, and the customer\'s unsubscribe', () => {
  // The server needs the SMTP server's address before it starts.
  const tablet = useTablet(knownCustomers, 'outreach-', () => ({ smtpUrl: smtp.url, outreachIntervalMs: 200, publicUrl: 'http://clienteling.example' }))
  const page = () => tablet.page
  const toNiccolo = () => smtp.received.filter(m => m.to.includes(niccolo.email!))
  afterAll(async () => smtp?.down())

  it('writes the e-mail with the network down, and it leaves once, when the tablet is back online', async () => {
    await smtpReady
    // The store's quiet hours away from now: an evening run would hold the e-mail until morning.
    await withWriter(tablet.server.db, async (w) => {
      const store = (await w.load('stores', [STORE])).get(STORE)!
      await w.write('stores', [{ ...store, settings: { quietHours: quietHoursAwayFrom() }, updatedAt: new Date().toISOString() }])
    })
    await enrollTablet(page(), tablet.server, STORE)
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', 'nicolo')
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().waitForSelector('[data-test="outreach-open"]')
    await setOnline(tablet, false)
    await page().click('[data-test="outreach-open"]')
    await page().waitForSelector('[data-test="outreach-composer"][data-state="writing"]')
    await page().click('[data-test="outreach-product-SKU-000003"]')
    await screenshot(page(), 'outreach-composer')
    await page().click('[data-test="outreach-send"]')
    await page().waitForSelector('[data-test="outreach-sent"]')
    await page().click('[data-test="outreach-close"]')
    await page().waitForSelector('[data-test="outreach-message"][data-status="queued"]')
    expect(toNiccolo()).toEqual([])
    await setOnline(tablet, true)
    await page().waitForSelector('[data-test="outreach-message"][data-status="sent"]', { timeout: 30_000 })
    expect(toNiccolo()).toHaveLength(1)
    expect(part(toNiccolo()[0]!.raw, 'text/html')).toContain('/r/')
    await screenshot(page(), 'outreach-profile-sent')
  })

  it('shows the manager the e-mail sent and, after a web order of the product sent, the sale it influenced', async () => {
    // Niccolò buys the jacket from the e-mail on the web shop.
    const { _deleted: _d, ...webOrder } = makeOrder({ id: 'ord-after-look', channel: 'web', storeId: null, associateId: null, customerId: niccolo.id, visitId: null, paymentMethod: 'online', placedAt: new Date().toISOString(), lines: [{ sku: 'SKU-000003', name: 'Giubbotto', size: '', qty: 1, unitPriceMinor: 27_900, discountMinor: 0, discountReason: null, totalMinor: 27_900 }], subtotalMinor: 27_900, totalMinor: 27_900, receipt: { email: null, language: 'it', status: 'none', reason: null, sentAt: null } })
    await tablet.server.commerce({ id: 'evt-order-after-look', type: 'order.created', occurredAt: new Date().toISOString(), data: webOrder })
    await page().click('[data-test="switch-associate"]')
    await signIn(page(), MANAGER)
    await page().click('[data-test="manager-link"]')
    await page().click('[data-test="period-week"]')
    const value = (kpi: string) => page().locator(`[data-test="outreach-kpi-${kpi}"] .value`).textContent()
    await expect.poll(() => value('emails')).toBe('1')
    await expect.poll(async () => {
      await page().click('[data-test="period-today"]')
      await page().click('[data-test="period-week"]')
      return value('influencedSalesMinor')
    }, { timeout: 30_000 }).toMatch(/279,00/)
    await screenshot(page(), 'outreach-dashboard')
  })

  it('lets the manager rewrite a template, with a preview, and the store\'s tablets start from it', async () => {
    await page().click('[data-test="manager-nav-templates"]')
    await page().waitForSelector('[data-test="manager-templates"]')
    await page().click('[data-test="template-item-look"]')
    await page().click('[data-test="template-language-it"]')
    // A misspelt placeholder is named, and nothing is saved.
    await page().fill('[data-test="template-subject"]', '{nome}, le novità per te')
    await page().waitForSelector('[data-test="template-problems"]')
    await page().click('[data-test="template-save"]')
    await page().waitForSelector('[data-test="manager-templates"][data-state="invalid"]')
    await page().fill('[data-test="template-subject"]', 'Novità per te, {firstName}')
    expect(await page().locator('[data-test="template-preview-subject"]').textContent()).toContain('Novità per te, Chiara')
    // A placeholder button writes into the message where the cursor is.
    await page().click('[data-test="template-insert-products"]')
    expect(await page().inputValue('[data-test="template-body"]')).toContain('{products}')
    expect(await page().locator('[data-test="template-preview-body"]').textContent()).toContain('Cappotto Tessa, Sciarpa Nilo')
    await screenshot(page(), 'manager-templates')
    await page().click('[data-test="template-save"]')
    await page().waitForSelector('[data-test="manager-templates"][data-state="saved"]')
    // The associate's composer starts from the store's text, in the customer's language.
    await page().click('[data-test="switch-associate"]')
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', 'nicolo')
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="outreach-open"]')
    await expect.poll(() => page().inputValue('[data-test="outreach-subject"]'), { timeout: 15_000 }).toBe('Novità per te, Niccolò')
    await page().click('[data-test="outreach-close"]')
  })

  it('takes the customer\'s one-click unsubscribe to a second tablet, which offers no e-mail any more', async () => {
    const link = header(toNiccolo()[0]!.raw, 'List-Unsubscribe')!.slice(1, -1).replace('http://clienteling.example', tablet.server.url)
    // The customer's phone, at phone size: the page asks, the button unsubscribes.
    const phone = await tablet.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'it-IT' })
    const customerPage = await phone.newPage()
    await customerPage.goto(link)
    await customerPage.screenshot({ path: 'test-results/screenshots/unsubscribe-page.png' })
    expect(await axeViolations(customerPage)).toEqual([])
    await customerPage.click('button[type="submit"]')
    await customerPage.waitForSelector('[data-test="unsubscribed"]')
    expect(await axeViolations(customerPage)).toEqual([])
    await phone.close()

    const second = await tabletContext(tablet.browser)
    const other = await second.newPage()
    await enrollTablet(other, tablet.server, STORE)
    await signIn(other, ASSOCIATE)
    await other.fill('[data-test="lookup-input"]', 'nicolo')
    await other.click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await other.click('[data-test="tab-details"]')
    await other.waitForSelector('[data-test="no-outreach-email"]')
    // No channel left to write on: the profile offers no message at all.
    expect(await other.locator('[data-test="outreach-open"]').count()).toBe(0)
    expect(await other.locator('[data-test="outreach-email"]').count()).toBe(0)
    await second.close()
  })
})
