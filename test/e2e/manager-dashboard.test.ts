/**
 * Issue 7 in the browser: the store manager opens the dashboard with the network down and
 * sees the right counts from the tablet's own data, reviews a visit's timeline and sale,
 * leaves a coaching comment that reaches the server once online, and the associate sees it
 * on the customer's profile.
 */
import { describe, expect, it } from 'vitest'
import { makeAppointment, makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { enrollTablet, screenshot, setOnline, signIn, useTablet } from './harness'

const MANAGER = { staffCode: 'MI01', pin: '010101' }
const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
const visit = (id: string, associateId: string, customerId: string | null, hours: number, outcome: 'purchase' | 'no_purchase' | 'follow_up', orderId: string | null = null) =>
  makeVisit({ id, storeId: STORE, associateId, customerId, startedAt: ago(hours), endedAt: ago(hours - 0.2), outcome, orderId, updatedAt: ago(hours) })

// Four visits in the last three days: two sales, one walk-in, three identified customers.
const visits = [
  visit('visit-dash-1', 'assoc-mi-02', niccolo.id, 50, 'purchase', 'ord-dash-1'),
  visit('visit-dash-2', 'assoc-mi-02', niccolo.id, 26, 'follow_up'),
  visit('visit-dash-3', 'assoc-mi-03', null, 25, 'no_purchase'),
  visit('visit-dash-4', 'assoc-mi-03', niccolo.id, 3, 'purchase', 'ord-dash-4'),
]
const interactions = [
  makeInteraction({ id: 'int-dash-1', visitId: 'visit-dash-1', storeId: STORE, customerId: niccolo.id, associateId: 'assoc-mi-02', type: 'tried_on', sku: 'SKU-000005', size: 'M', at: ago(49.9) }),
  makeInteraction({ id: 'int-dash-2', visitId: 'visit-dash-1', storeId: STORE, customerId: niccolo.id, associateId: 'assoc-mi-02', type: 'note', sku: null, size: null, text: 'Cerca un abito per una cerimonia', at: ago(49.8) }),
  makeInteraction({ id: 'int-dash-3', visitId: 'visit-dash-1', storeId: STORE, customerId: niccolo.id, associateId: 'assoc-mi-02', type: 'purchase', sku: 'SKU-000005', size: 'M', at: ago(49.7) }),
]
const line = { sku: 'SKU-000005', name: 'Abito', size: 'M', qty: 1, unitPriceMinor: 12_000, discountMinor: 0, discountReason: null, totalMinor: 12_000 }
// The first sale had a damaged-item discount the store's manager approved.
const discounted = { ...line, discountMinor: 1_200, discountReason: 'damaged', discountApprovedBy: 'assoc-mi-01', totalMinor: 10_800 }
const orders = ['ord-dash-1', 'ord-dash-4'].map((id, i) => makeOrder({
  id,
  channel: 'store',
  storeId: STORE,
  associateId: i === 0 ? 'assoc-mi-02' : 'assoc-mi-03',
  customerId: niccolo.id,
  visitId: i === 0 ? 'visit-dash-1' : 'visit-dash-4',
  placedAt: ago(i === 0 ? 49.6 : 2.9),
  lines: [i === 0 ? discounted : line],
  subtotalMinor: 12_000,
  discountMinor: i === 0 ? 1_200 : 0,
  totalMinor: i === 0 ? 10_800 : 12_000,
  receipt: { email: niccolo.email, language: 'it', status: 'sent', reason: null, sentAt: ago(49.5) },
}))

// The last sale came by appointment (booked online); another appointment was missed.
const appointments = [
  makeAppointment({ id: 'appt-dash-1', storeId: STORE, customerId: niccolo.id, associateId: 'assoc-mi-03', source: 'web', createdBy: 'customer', createdAt: ago(30), start: ago(3.2), end: ago(2.2), status: 'arrived', visitId: 'visit-dash-4', products: [] }),
  makeAppointment({ id: 'appt-dash-2', storeId: STORE, customerId: niccolo.id, associateId: 'assoc-mi-02', source: 'tablet', createdBy: 'assoc-mi-02', createdAt: ago(60), start: ago(28), end: ago(27), status: 'no-show', products: [] }),
].map(({ _deleted, ...doc }) => doc)

describe('the manager\'s dashboard and visit review, offline', () => {
  const tablet = useTablet({ ...knownCustomers, visits, interactions, orders: [...knownCustomers.orders, ...orders], appointments }, 'manager-dashboard-')
  const page = () => tablet.page

  it('shows the store\'s counts for the last seven days with the network down', async () => {
    await enrollTablet(page(), tablet.server, STORE)
    await signIn(page(), MANAGER)
    await page().waitForSelector('[data-test="lookup-input"]')
    await setOnline(tablet, false)
    await page().click('[data-test="manager-link"]')
    await page().click('[data-test="period-week"]')
    const value = (kpi: string) => page().locator(`[data-test="kpi-${kpi}"] .value`).textContent()
    await expect.poll(() => value('visits')).toBe('4')
    expect(await value('conversion')).toBe('50%')
    expect(await value('identifiedShare')).toBe('75%')
    expect(await value('unitsPerTransaction')).toBe('1')
    expect(await value('clientelingActions')).toBe('1')
    const visitsOf = (id: string) => page().locator(`[data-test="associate-kpis"][data-associate-id="${id}"] [data-test="associate-visits"]`).textContent()
    expect([await visitsOf('assoc-mi-02'), await visitsOf('assoc-mi-03')]).toEqual(['2', '2'])
    // Appointments: two booked in the week (one online), one of the two due came; its visit sold, one walk-in in three did.
    const appointment = (kpi: string) => page().locator(`[data-test="appointment-kpi-${kpi}"] .value`).textContent()
    expect(await appointment('booked')).toBe('2')
    expect(await appointment('showRate')).toBe('50%')
    expect(await appointment('appointmentConversion')).toBe('100%')
    expect(await appointment('walkInConversion')).toBe('33,3%')
    // A typed range that ends before the first of these visits counts none of them.
    const localDay = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toLocaleDateString('sv')
    await page().fill('[data-test="period-from"]', localDay(12))
    await page().fill('[data-test="period-to"]', localDay(5))
    await page().click('[data-test="period-apply"]')
    await expect.poll(() => value('visits')).toBe('0')
    await page().click('[data-test="period-week"]')
    await expect.poll(() => value('visits')).toBe('4')
    await page().waitForSelector('[data-test="manager-dashboard"] canvas')
    await screenshot(page(), 'manager-03-dashboard')
    await page().locator('[data-test="manager-dashboard"] canvas').first().scrollIntoViewIfNeeded()
    await screenshot(page(), 'manager-03b-charts')
  })

  it('filters the visits, opens one with its timeline and sale, and leaves a coaching comment offline', async () => {
    await page().click('[data-test="manager-nav-visits"]')
    await page().selectOption('[data-test="filter-who"]', 'walk-in')
    await expect.poll(() => page().locator('[data-test="review-visit"]').count()).toBe(1)
    await page().selectOption('[data-test="filter-who"]', 'all')
    await page().selectOption('[data-test="filter-outcome"]', 'purchase')
    await expect.poll(() => page().locator('[data-test="review-visit"]').count()).toBe(2)
    await page().click('[data-test="review-visit"][data-visit-id="visit-dash-1"]')
    await page().waitForSelector('[data-test="manager-visit"] [data-test="interaction"]')
    expect(await page().locator('[data-test="manager-visit"] [data-test="interaction"]').count()).toBe(3)
    expect(await page().getAttribute('[data-test="visit-receipt"]', 'data-status')).toBe('sent')
    expect(await page().textContent('[data-test="visit-order-discount"]')).toMatch(/Sconto −12,00\s€ \(Articolo danneggiato\), approvato da Giulia Colombo/)
    await page().fill('[data-test="comment-input"]', 'Ottimo ascolto: proponi anche gli accessori.')
    await page().click('[data-test="comment-save"]')
    await page().waitForSelector('[data-test="visit-comment"]')
    await screenshot(page(), 'manager-04-visit-timeline')
  })

  it('sends the comment when the network is back, and the associate sees it on the profile', async () => {
    await setOnline(tablet, true)
    const comments = async () => (await tablet.server.db.query<{ data: { comments?: { by: string, text: string }[] } }>(`SELECT data FROM docs WHERE collection = 'visits' AND id = 'visit-dash-1'`)).rows[0]!.data.comments ?? []
    await expect.poll(comments, { timeout: 60_000 }).toMatchObject([{ by: 'assoc-mi-01', text: 'Ottimo ascolto: proponi anche gli accessori.' }])
    await page().click('[data-test="switch-associate"]')
    await signIn(page(), ASSOCIATE)
    await page().goto(`${tablet.server.url}/customers/${niccolo.id}`)
    await page().waitForURL(/\/lock/)
    await signIn(page(), ASSOCIATE)
    await page().click('[data-test="tab-visits"]')
    await page().waitForSelector('[data-test="visit"][data-visit-id="visit-dash-1"] [data-test="visit-coaching"]')
  })
})
