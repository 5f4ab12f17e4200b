/**
 * Issue 5's manager side in the browser: two web profiles with the same name and different
 * e-mails are not merged but listed; an associate has no way into the manager area; the
 * store manager confirms with their PIN on the server, merges the pair, and the merge log
 * says who decided.
 */
import { describe, expect, it } from 'vitest'
import { ASSOCIATE, knownCustomers, STORE } from './fixtures'
import { firstDownloadDone, screenshot, signIn, useTablet } from './harness'

const MANAGER = { staffCode: 'MI01', pin: '010101' }

describe('the manager reviews possible duplicate profiles', () => {
  const tablet = useTablet(knownCustomers, 'manager-identity-')
  const page = () => tablet.page

  it('does not merge a same-name pair with different contacts, and keeps associates out of the manager area', async () => {
    for (const [id, email, createdAt] of [['web-lucia-1', 'lucia.m@example.com', '2025-02-01T10:00:00.000Z'], ['web-lucia-2', 'lucia.moretti@example.org', '2026-09-01T10:00:00.000Z']]) {
      await tablet.server.commerce({ id: `evt-${id}`, type: 'customer.upserted', occurredAt: createdAt!, data: { id, firstName: 'Lucia', lastName: 'Moretti', email, homeStoreId: STORE, createdAt } })
    }
    const live = await tablet.server.db.query(`SELECT id FROM docs WHERE collection = 'customers' AND NOT deleted AND data->>'lastName' = 'Moretti' AND data->>'firstName' = 'Lucia'`)
    expect(live.rows).toHaveLength(2)

    await page().goto(tablet.server.url)
    await page().fill('[data-test="enroll-code"]', await tablet.server.enrollCode(STORE))
    await page().click('[data-test="enroll-submit"]')
    await page().waitForURL(/\/lock/, { timeout: 60_000 })
    await firstDownloadDone(page())
    await signIn(page(), ASSOCIATE)
    await page().waitForSelector('[data-test="lookup-input"]')
    expect(await page().locator('[data-test="manager-link"]').count()).toBe(0)
    await page().goto(`${tablet.server.url}/manager/identity`)
    await page().waitForURL(/\/lock/)
    await signIn(page(), ASSOCIATE)
    await page().waitForSelector('[data-test="lookup-input"]')
    expect(new URL(page().url()).pathname).toBe('/')
    await page().click('[data-test="switch-associate"]')
  })

  it('lets the manager merge the pair after the server checked their PIN, and logs who decided', async () => {
    await signIn(page(), MANAGER)
    await page().click('[data-test="manager-link"]')
    await page().click('[data-test="manager-nav-identity"]')
    const review = page().locator('[data-test="identity-review"]')
    await review.waitFor()
    expect(await review.locator('[data-test="review-person"]').evaluateAll(els => els.map(e => e.getAttribute('data-customer-id')))).toEqual(['web-lucia-1', 'web-lucia-2'])
    await screenshot(page(), 'manager-01-identity-review')
    await review.locator('[data-test="review-merge"]').click()
    await review.locator('[data-test="review-merge-confirm"]').click()
    await page().locator('[data-test="identity-merge"][data-reason="manager"]').waitFor()
    expect(await page().locator('[data-test="identity-review"]').count()).toBe(0)
    expect(await page().textContent('[data-test="identity-merge"]')).toMatch(/Lucia Moretti.*confermato da/s)
    await screenshot(page(), 'manager-02-identity-merged')
    const tombstone = await tablet.server.db.query<{ data: { mergedInto: string } }>(`SELECT data FROM docs WHERE collection = 'customers' AND id = 'web-lucia-2'`)
    expect(tombstone.rows[0]!.data.mergedInto).toBe('web-lucia-1')
  })
})
