/**
 * Editing a customer in store: contact, sizes, tags and marketing consent, saved on the
 * tablet and merged on the server with a change the web made meanwhile.
 */
import type { CustomerDoc } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { runApiKeyCommand } from '../../sync-server/integrations/cli'
import { axeViolations } from './axe'
import { firstDownloadDone, screenshot, signIn, useTablet } from './harness'

describe('editing a customer\'s profile on the tablet', () => {
  const tablet = useTablet(knownCustomers, 'profile-edit-')
  const page = () => tablet.page
  const serverCustomer = async () => (await tablet.server.db.query<{ data: CustomerDoc }>(`SELECT data FROM docs WHERE collection = 'customers' AND id = $1`, [niccolo.id])).rows[0]!.data

  it('opens the edit form from the profile', async () => {
    await page().goto(tablet.server.url)
    await page().fill('[data-test="enroll-code"]', await tablet.server.enrollCode(STORE))
    await page().click('[data-test="enroll-submit"]')
    await page().waitForURL(/\/lock/, { timeout: 60_000 })
    await firstDownloadDone(page())
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', 'nicolo')
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="edit-profile"]')
    await page().waitForSelector('[data-test="customer-edit"] [data-test="edit-save"]')
  })

  it('refuses a malformed e-mail with a sentence and saves nothing', async () => {
    await page().fill('[data-test="edit-email"]', 'niccolo@')
    await page().click('[data-test="edit-save"]')
    await page().waitForSelector('[data-test="customer-edit"] [role="alert"]')
    expect(page().url()).toMatch(/\/edit$/)
    await page().fill('[data-test="edit-email"]', niccolo.email!)
  })

  it('saves a size, a tag and a withdrawn SMS consent, keeping the phone the web changed meanwhile', async () => {
    await tablet.server.commerce({ id: 'evt-web-phone', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: { id: niccolo.id, phone: '+39 347 555 0101' } })
    await expect.poll(() => page().inputValue('[data-test="edit-phone"]'), { timeout: 20_000 }).toBe('+39 347 555 0101')
    const sizeSelect = page().locator('[data-test^="edit-size-"]').first()
    const option = await sizeSelect.locator('option').nth(2).getAttribute('value')
    await sizeSelect.selectOption(option!)
    await page().fill('[data-test="edit-tags-input"]', 'sposa 2027')
    await page().click('[data-test="edit-tags-add"]')
    await page().click('[data-test="consent-withdraw-sms"]')
    await screenshot(page(), 'profile-edit-01-form')
    await page().click('[data-test="edit-save"]')
    await page().waitForURL(new RegExp(`/customers/${niccolo.id}$`))

    await expect.poll(async () => (await serverCustomer()).tags, { timeout: 30_000 }).toContain('sposa 2027')
    const saved = await serverCustomer()
    expect(saved.phone).toBe('+39 347 555 0101')
    expect(saved.consents.sms).toMatchObject({ granted: false, capturedBy: 'assoc-mi-02', source: STORE, textVersion: '2026-01' })
    expect(Object.values(saved.preferences.sizes)).toContain(option)
    await page().click('[data-test="tab-details"]')
    await screenshot(page(), 'profile-edit-02-profile')
    // Outreach only where the customer agreed: e-mail yes, the phone not (SMS withdrawn, calls never asked).
    await page().waitForSelector('[data-test="outreach-email"]')
    expect(await page().locator('[data-test="outreach-sms"], [data-test="outreach-phone"]').count()).toBe(0)
    await page().waitForSelector('[data-test="no-outreach-phone"]')
  })

  it('stops offering e-mail the moment the customer withdraws it on the web', async () => {
    const withdrawn = { granted: false, capturedAt: new Date().toISOString(), capturedBy: 'customer', source: 'web', textVersion: '2026-01' }
    await tablet.server.commerce({ id: 'evt-web-optout', type: 'customer.upserted', occurredAt: new Date().toISOString(), data: { id: niccolo.id, consents: { ...(await serverCustomer()).consents, email: withdrawn } } })
    await page().waitForSelector('[data-test="no-outreach-email"]', { timeout: 30_000 })
    expect(await page().locator('[data-test="outreach-email"]').count()).toBe(0)
  })

  it('shows, without a reload, a note the contact centre added through the API a moment ago', async () => {
    const made = await runApiKeyCommand(tablet.server.db, { verb: 'create', name: 'Contact centre', scopes: 'notes:write' })
    const key = made.verb === 'create' ? made.key : ''
    await page().click('[data-test="tab-overview"]')
    const reply = await fetch(`${tablet.server.url}/api/v1/customers/${niccolo.id}/notes`, {
      method: 'POST',
      headers: { 'Authorization': `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Ha chiamato: vuole provare il cappotto blu sabato' }),
    })
    expect(reply.status).toBe(201)
    const note = page().locator('[data-test="touchpoint-note"][data-source="contact-centre"]')
    await note.waitFor({ timeout: 30_000 })
    expect(await note.textContent()).toMatch(/Servizio clienti.*cappotto blu/s)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'profile-touchpoint-note')
  })
})
