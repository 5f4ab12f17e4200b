/**
 * Issue 8: a customer asks the store to be forgotten. The manager erases them from the
 * tablet; once the tablet has synced, nothing in any of its IndexedDB databases (documents,
 * RxDB's replication bookkeeping, everything) holds the customer's name, e-mail or phone.
 */
import { describe, expect, it } from 'vitest'
import { makeInteraction, makeVisit } from '../fixtures/docs'
import { knownCustomers, niccolo, STORE } from './fixtures'
import { firstDownloadDone, screenshot, signIn, useTablet } from './harness'
import { dumpIndexedDb } from './indexeddb'

const MANAGER = { staffCode: 'MI01', pin: '010101' }
const NOTE = 'Niccolò preferisce essere chiamato al 333 123 4567'
const visit = makeVisit({ id: 'visit-erase', storeId: STORE, associateId: 'assoc-mi-02', customerId: niccolo.id, outcome: 'no_purchase' })
const note = makeInteraction({ id: 'int-erase', visitId: visit.id, storeId: STORE, associateId: 'assoc-mi-02', customerId: niccolo.id, type: 'note', sku: null, size: null, text: NOTE })

/** Every record of every IndexedDB database of this origin, as one string. */
describe('erasing a customer at their request', () => {
  const tablet = useTablet({ ...knownCustomers, visits: [visit], interactions: [note] }, 'erasure-')
  const page = () => tablet.page
  // Kept in the clear on the tablet (name, loyalty card), and sealed there (contact fields, notes: see sealed-at-rest.test.ts).
  const inTheClear = [niccolo.nameKey, niccolo.loyaltyId!, niccolo.loyaltyKey]
  const secrets = [...inTheClear, niccolo.email!, niccolo.phone!, niccolo.phoneKey, 'preferisce essere chiamato']

  it('holds the customer on the tablet before', async () => {
    await page().goto(tablet.server.url)
    await page().fill('[data-test="enroll-code"]', await tablet.server.enrollCode(STORE))
    await page().click('[data-test="enroll-submit"]')
    await page().waitForURL(/\/lock/, { timeout: 60_000 })
    await firstDownloadDone(page())
    await signIn(page(), MANAGER)
    await page().fill('[data-test="lookup-input"]', 'nicolo')
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().waitForSelector('[data-test="customer-privacy-link"]')
    await expect.poll(async () => {
      const dump = await dumpIndexedDb(page())
      return inTheClear.filter(s => !dump.includes(s))
    }, { timeout: 30_000 }).toEqual([])
    // The view reached the server's audit log.
    await expect.poll(async () => (await tablet.server.db.query(`SELECT associate_id FROM audit_log WHERE customer_id = $1 AND action = 'view'`, [niccolo.id])).rows, { timeout: 30_000 }).toEqual([{ associate_id: 'assoc-mi-01' }])
  })

  it('leaves none of their personal data in the tablet\'s IndexedDB once erased and synced', async () => {
    await page().click('[data-test="customer-privacy-link"]')
    await page().waitForSelector('[data-test="audit-entry"][data-action="view"]')
    await page().click('[data-test="erase"]')
    await page().click('[data-test="erase-confirm"]')
    await page().waitForSelector('[data-test="privacy-erased"]')
    await screenshot(page(), 'erasure-01-erased')
    await expect.poll(async () => {
      const dump = await dumpIndexedDb(page())
      return secrets.filter(s => dump.includes(s))
    }, { timeout: 60_000, interval: 1000 }).toEqual([])
    await page().goto(`${tablet.server.url}/customers/${niccolo.id}`)
    await signIn(page(), MANAGER)
    await page().waitForSelector('[data-test="customer-not-found"], [data-test="customer-erased"]')
  })
})
