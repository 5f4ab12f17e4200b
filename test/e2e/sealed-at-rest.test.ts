/**
 * Customers' contact data at rest on the tablet: sealed with the store's book key, which is
 * in memory only while an associate is signed in (src/db/sealed-storage.ts). A lost tablet
 * found on its lock screen gives up names, but no e-mail, phone number or note.
 */
import type { CustomerDoc } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { makeInteraction, makeVisit } from '../fixtures/docs'
import { knownCustomers, niccolo, STORE } from './fixtures'
import { enrollTablet, screenshot, setOnline, signIn, useTablet } from './harness'
import { dumpIndexedDb } from './indexeddb'

const ASSOCIATE = { staffCode: 'MI02', pin: '0202' }
const NOTE = 'Richiamare sul cellulare privato 347 000 1122'
const visit = makeVisit({ id: 'visit-sealed', storeId: STORE, associateId: 'assoc-mi-02', customerId: niccolo.id, outcome: 'no_purchase' })
const note = makeInteraction({ id: 'int-sealed', visitId: visit.id, storeId: STORE, associateId: 'assoc-mi-02', customerId: niccolo.id, type: 'note', sku: null, size: null, text: NOTE })

describe('contact data at rest on a locked tablet', () => {
  const tablet = useTablet({ ...knownCustomers, visits: [visit], interactions: [note] }, 'sealed-')
  const page = () => tablet.page

  it('shows the signed-in associate a customer found by their whole e-mail address', async () => {
    await enrollTablet(page(), tablet.server, STORE)
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', niccolo.email!.toUpperCase())
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="tab-details"]')
    await page().waitForSelector(`text=${niccolo.email}`)
    await page().click('[data-test="tab-visits"]')
    await page().waitForSelector(`text=${NOTE}`)
  })

  it('keeps no e-mail, phone number or note of any customer in IndexedDB once the screen is locked', async () => {
    await page().click('[data-test="switch-associate"]')
    await page().waitForURL(/\/lock/)
    const dump = await dumpIndexedDb(page())
    const { rows } = await tablet.server.db.query<{ data: CustomerDoc }>(`SELECT data FROM docs WHERE collection = 'customers' AND NOT deleted`)
    expect(rows.length).toBeGreaterThan(200)
    // The dump is the real thing: the names are there, in the clear.
    expect(dump).toContain(niccolo.lastName)
    const secrets = rows.flatMap(({ data: c }) => [c.email, c.phone, c.phoneKey.length >= 8 ? c.phoneKey : null, ...(c.otherContacts ?? []).map(o => o.value)]).filter((s): s is string => !!s)
    expect(secrets).toContain(niccolo.otherContacts![0]!.value)
    expect(secrets.length).toBeGreaterThan(300)
    expect(secrets.filter(s => dump.includes(s))).toEqual([])
    expect(dump).not.toContain(NOTE)
  })

  it('opens again with the network down, with the associate\'s PIN, and finds a customer by phone', async () => {
    await setOnline(tablet, false)
    await signIn(page(), ASSOCIATE)
    await page().click('[data-test="home-link"]')
    await page().fill('[data-test="lookup-input"]', niccolo.phone!)
    await page().waitForSelector(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await screenshot(page(), 'sealed-01-phone-lookup-offline')
    await setOnline(tablet, true)
  })
})
