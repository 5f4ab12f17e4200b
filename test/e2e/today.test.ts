/**
 * Issue 21 in the browser: an associate signs in and the start screen says whom to contact
 * today and why — a follow-up she promised, a wishlist item back in stock in her store — and a
 * task marked done leaves the list and reaches the server as a decision, not as a copy of it.
 */
import { describe, expect, it } from 'vitest'
import { makeInteraction, makeVisit } from '../fixtures/docs'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { enrollTablet, screenshot, signIn, useTablet } from './harness'

const MANAGER = { staffCode: 'MI01', pin: '010101' }
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()
// Yesterday Niccolò tried a coat on; MI02 promised to call when the size arrives, due today.
const visit = makeVisit({ id: 'visit-today-1', storeId: STORE, associateId: 'assoc-mi-02', customerId: niccolo.id, startedAt: hoursAgo(26), endedAt: hoursAgo(25.6), outcome: 'follow_up', updatedAt: hoursAgo(25.6) })
const followUp = makeInteraction({ id: 'int-today-fu', visitId: visit.id, storeId: STORE, customerId: niccolo.id, associateId: 'assoc-mi-02', type: 'follow_up', sku: null, size: null, text: 'Chiamare quando arriva la taglia 40 del cappotto', dueAt: new Date().toISOString(), at: hoursAgo(25.7) })

describe('the associate\'s Today list', () => {
  const tablet = useTablet({ ...knownCustomers, visits: [visit], interactions: [followUp] }, 'today-')
  const page = () => tablet.page
  /** Away to Niccolò's profile and back: the list is read again (a moment after the screen opens). */
  const reopenToday = async () => {
    const before = Number(await page().getAttribute('[data-test="today"]', 'data-reads'))
    await page().click(`[data-test="today-task"][data-customer-id="${niccolo.id}"] [data-test="today-open"]`)
    await page().waitForURL(/\/customers\//)
    await page().goBack()
    await page().waitForFunction(n => Number(document.querySelector('[data-test="today"]')?.getAttribute('data-reads')) > n, before)
  }
  const task = (kind: string) => page().locator(`[data-test="today-task"][data-kind="${kind}"][data-customer-id="${niccolo.id}"]`)

  it('opens after sign-in with the follow-up she promised, as hers', async () => {
    await enrollTablet(page(), tablet.server, STORE)
    await signIn(page(), ASSOCIATE)
    await page().waitForSelector('[data-test="today"][data-state="ready"]')
    await expect.poll(() => task('follow-up').count()).toBe(1)
    expect(await task('follow-up').getAttribute('data-mine')).toBe('true')
    expect(await task('follow-up').locator('[data-test="today-why"]').textContent()).toContain('Richiamo previsto oggi')
  })

  it('shows a wishlist item back in stock once the store receives it', async () => {
    await tablet.server.commerce({ id: 'evt-restock-1', type: 'inventory.updated', occurredAt: new Date().toISOString(), data: { storeId: STORE, sku: 'SKU-000003', onHand: 2 } })
    // The list is read when the screen opens: back from the profile, the stock has arrived.
    await expect.poll(async () => {
      await reopenToday()
      return task('back-in-stock').count()
    }, { timeout: 30_000 }).toBe(1)
    await screenshot(page(), 'today-list')
  })

  it('shows a wishlist item whose price the web shop lowered', async () => {
    const product = (await tablet.server.db.query<{ data: Record<string, unknown> }>(`SELECT data FROM docs WHERE collection = 'products' AND id = 'SKU-000003'`)).rows[0]!.data
    await tablet.server.commerce({ id: 'evt-markdown-1', type: 'product.upserted', occurredAt: new Date().toISOString(), data: { ...product, priceMinor: Math.round(Number(product.priceMinor) * 0.7) } })
    await expect.poll(async () => {
      await reopenToday()
      return task('price-drop').count()
    }, { timeout: 30_000 }).toBe(1)
    expect(await task('price-drop').locator('[data-test="today-why"]').textContent()).toMatch(/ora costa .* \(prima /)
  })

  it('lets her take on Niccolò, whom nobody looks after yet, and the server keeps it', async () => {
    await page().click(`[data-test="today-task"][data-customer-id="${niccolo.id}"] [data-test="today-open"]`)
    await page().click('[data-test="advisor-take-on"]')
    await expect.poll(() => page().textContent('[data-test="customer-advisor"]')).toContain('Luca Ferrari')
    const advisors = async () => (await tablet.server.db.query<{ data: { advisors?: unknown[] } }>(`SELECT data FROM docs WHERE collection = 'customers' AND id = $1`, [niccolo.id])).rows[0]?.data.advisors
    await expect.poll(advisors, { timeout: 30_000 }).toMatchObject([{ storeId: STORE, associateId: 'assoc-mi-02', role: 'primary', setBy: 'assoc-mi-02' }])
    await page().goBack()
    // Now hers: the wishlist item back in stock is on her own list, once the list is read again.
    await expect.poll(() => task('back-in-stock').getAttribute('data-mine')).toBe('true')
  })

  it('takes a done follow-up off the list and sends the decision to the server', async () => {
    await task('follow-up').locator('[data-test="today-done"]').click()
    await task('follow-up').locator('[data-test="today-outcome-reached"]').click()
    await expect.poll(() => task('follow-up').count()).toBe(0)
    const stored = async () => (await tablet.server.db.query<{ data: Record<string, unknown> }>(`SELECT data FROM docs WHERE collection = 'tasks'`)).rows.map(r => r.data)
    await expect.poll(stored, { timeout: 30_000 }).toMatchObject([{ id: `${STORE}|follow-up|${niccolo.id}|${followUp.id}`, state: 'done', outcome: 'reached', by: 'assoc-mi-02' }])
  })

  it('lets the manager see the whole store, hand Luca\'s task to Chiara and make her Niccolò\'s second associate', async () => {
    await page().click('[data-test="switch-associate"]')
    await signIn(page(), MANAGER)
    await page().waitForSelector('[data-test="today"][data-state="ready"]')
    // Niccolò is Luca's client: not on the manager's own list, on the whole store's.
    expect(await task('back-in-stock').count()).toBe(0)
    await page().click('[data-test="today-scope-store"]')
    await expect.poll(() => task('back-in-stock').locator('[data-test="today-owner"]').textContent()).toContain('Luca Ferrari')
    await task('back-in-stock').locator('[data-test="today-assign"]').click()
    await screenshot(page(), 'today-hand-over')
    await task('back-in-stock').locator('[data-test="today-assign-assoc-mi-03"]').click()
    await expect.poll(() => task('back-in-stock').locator('[data-test="today-owner"]').textContent()).toContain('Chiara Brambilla')
    const decision = async () => (await tablet.server.db.query<{ data: Record<string, unknown> }>(`SELECT data FROM docs WHERE collection = 'tasks' AND data->>'kind' = 'back-in-stock'`)).rows.map(r => r.data)
    await expect.poll(decision, { timeout: 30_000 }).toMatchObject([{ state: 'open', assignedTo: 'assoc-mi-03', by: 'assoc-mi-01' }])

    await task('back-in-stock').locator('[data-test="today-open"]').click()
    await page().click('[data-test="advisor-change"]')
    await page().selectOption('[data-test="advisor-secondary"]', 'assoc-mi-03')
    await screenshot(page(), 'customer-advisor-change')
    await page().click('[data-test="advisor-save"]')
    await expect.poll(() => page().textContent('[data-test="customer-advisor"]')).toContain('Luca Ferrari e Chiara Brambilla')
    const advisors = async () => (await tablet.server.db.query<{ data: { advisors?: unknown[] } }>(`SELECT data FROM docs WHERE collection = 'customers' AND id = $1`, [niccolo.id])).rows[0]?.data.advisors
    await expect.poll(advisors, { timeout: 30_000 }).toMatchObject([{ role: 'primary', associateId: 'assoc-mi-02' }, { role: 'secondary', associateId: 'assoc-mi-03', setBy: 'assoc-mi-01' }])

    // Chiara finds the task on her own list.
    await page().goBack()
    await page().click('[data-test="switch-associate"]')
    await signIn(page(), { staffCode: 'MI03', pin: '0303' })
    await page().waitForSelector('[data-test="today"][data-state="ready"]')
    await expect.poll(() => task('back-in-stock').getAttribute('data-mine')).toBe('true')
  })
})
