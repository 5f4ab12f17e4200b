/**
 * Issue 5 (first part): registering a walk-in as a new customer in store with the network
 * down. A phone written differently from a known customer's is offered as "already a
 * customer?"; a new person is created on the tablet, served at once, and reaches the server.
 */
import type { CustomerDoc } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { enrollTablet, screenshot, setOnline, signIn, useTablet } from './harness'

describe('registering a new customer in store, offline', () => {
  const tablet = useTablet(knownCustomers, 'register-')
  const page = () => tablet.page
  let newId = ''
  let sizeCategory = ''
  let sizeChosen = ''

  it('offers the existing customer when the phone matches, however it is written', async () => {
    await enrollTablet(page(), tablet.server, STORE)
    await setOnline(tablet, false)
    await signIn(page(), ASSOCIATE)
    await page().click('[data-test="register-open"]')
    await page().fill('[data-test="edit-firstName"]', 'Nico')
    await page().fill('[data-test="edit-phone"]', '333 1234567')
    const match = page().locator(`[data-test="look-alike"][data-customer-id="${niccolo.id}"]`)
    await match.waitFor()
    expect(await match.getAttribute('data-reason')).toBe('phone')
    await screenshot(page(), 'register-01-look-alike')
  })

  it('refuses a customer without a last name and creates a new one, served at once', async () => {
    await page().fill('[data-test="edit-phone"]', '+39 345 678 9012')
    await page().click('[data-test="register-save"]')
    await page().waitForSelector('[data-test="customer-new"] [role="alert"]')
    await page().fill('[data-test="edit-firstName"]', 'Giorgia')
    await page().fill('[data-test="edit-lastName"]', 'Esposito')
    await page().fill('[data-test="edit-email"]', 'giorgia.esposito@example.com')
    await page().click('[data-test="consent-grant-email"]')
    // Optional preferences: a size from the catalogue's choices and a brand.
    const size = page().locator('select[data-test^="edit-size-"]').first()
    sizeCategory = (await size.getAttribute('data-test'))!.replace('edit-size-', '')
    sizeChosen = await size.locator('option').nth(1).getAttribute('value') ?? ''
    await size.selectOption(sizeChosen)
    await page().fill('[data-test="register-brands-input"]', 'Marca Nuova')
    await page().click('[data-test="register-brands-add"]')
    await screenshot(page(), 'register-02-form')
    await page().click('[data-test="register-save"]')
    await page().waitForURL(/\/customers\/[0-9A-Z]{26}$/)
    newId = page().url().split('/').at(-1)!
    await page().click('[data-test="start-visit"]')
    await page().waitForSelector('[data-test="visit-view"] [data-test="note-input"]')
    await page().fill('[data-test="note-input"]', 'Prima visita, cerca un cappotto')
    await page().click('[data-test="note-save"]')
    await page().waitForSelector('[data-test="visit-view"] [data-test="interaction"]')
  })

  it('reaches the server once online, in this store\'s book, with the consent captured here', async () => {
    const customer = async () => (await tablet.server.db.query<{ data: CustomerDoc }>(`SELECT data FROM docs WHERE collection = 'customers' AND id = $1`, [newId])).rows[0]?.data
    expect(await customer()).toBeUndefined()
    await setOnline(tablet, true)
    await expect.poll(customer, { timeout: 60_000 }).toBeTruthy()
    expect(await customer()).toMatchObject({ firstName: 'Giorgia', lastName: 'Esposito', homeStoreId: STORE, consents: { email: { granted: true, source: STORE } } })
    expect((await customer())!.preferences).toMatchObject({ sizes: { [sizeCategory]: sizeChosen }, brands: ['Marca Nuova'] })
    const book = await tablet.server.db.query('SELECT 1 FROM book WHERE store_id = $1 AND customer_id = $2', [STORE, newId])
    expect(book.rows).toHaveLength(1)
    await expect.poll(async () => (await tablet.server.db.query(`SELECT 1 FROM docs WHERE collection = 'interactions' AND customer_id = $1`, [newId])).rows.length, { timeout: 30_000 }).toBe(1)
  })
})
