/**
 * A change the server refuses for good is shown to the associate, with the reason, instead of
 * being retried forever or dropped: here the associate was deactivated at head office while
 * the tablet was offline. Once re-activated, "Try again" sends it and the list empties.
 */
import { describe, expect, it } from 'vitest'
import { withWriter } from '../../sync-server/storage/writer'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { firstDownloadDone, screenshot, setOnline, signIn, useTablet } from './harness'

const ASSOCIATE_ID = 'assoc-mi-02'
const MANAGER = { staffCode: 'MI01', pin: '010101' }

describe('a change the server refuses, on the tablet', () => {
  const tablet = useTablet(knownCustomers, 'rejection-')
  const page = () => tablet.page
  const setActive = async (active: boolean) => {
    const { rows } = await tablet.server.db.query<{ data: Record<string, unknown> }>(`SELECT data FROM docs WHERE collection = 'associates' AND id = $1`, [ASSOCIATE_ID])
    await withWriter(tablet.server.db, w => w.write('associates', [{ ...rows[0]!.data, id: ASSOCIATE_ID, active, updatedAt: new Date().toISOString() }]))
  }
  const onServer = async () => (await tablet.server.db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'interactions' AND data->>'type' = 'note' AND customer_id = $1`, [niccolo.id])).rows

  it('starts a visit, then writes a note offline', async () => {
    await page().goto(tablet.server.url)
    await page().fill('[data-test="enroll-code"]', await tablet.server.enrollCode(STORE))
    await page().click('[data-test="enroll-submit"]')
    await page().waitForURL(/\/lock/, { timeout: 60_000 })
    await firstDownloadDone(page())
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', 'nicolo')
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="start-visit"]')
    await page().waitForSelector('[data-test="visit-view"] [data-test="note-input"]')
    await page().waitForSelector('[data-test="sync-status"][data-state="live"]', { timeout: 30_000 })
    await setOnline(tablet, false)
    await page().fill('[data-test="note-input"]', 'Vuole essere richiamata')
    await page().click('[data-test="note-save"]')
    await page().waitForSelector('[data-test="visit-view"] [data-test="interaction"]')
  })

  it('shows the refusal in the top bar and on the device screen when the associate was deactivated meanwhile', async () => {
    await setActive(false)
    await setOnline(tablet, true)
    // A deactivated associate is signed out as soon as the tablet hears of it; the manager signs in.
    await page().waitForURL(/\/lock/, { timeout: 30_000 })
    await signIn(page(), MANAGER)
    await page().waitForSelector('[data-test="sync-refused"]', { timeout: 30_000 })
    expect(await onServer()).toEqual([])
    await page().click('[data-test="sync-status"]')
    const row = page().locator('[data-test="sync-rejection"][data-collection="interactions"]')
    await row.waitFor()
    expect(await row.getAttribute('data-code')).toBe('forbidden')
    await screenshot(page(), 'rejection-01-device')
    // Nothing is retried in a loop: the rest of the tablet keeps syncing.
    await page().waitForSelector('[data-test="sync-status"][data-state="live"]', { timeout: 30_000 })
  })

  it('sends it once the associate is active again and the associate taps "Try again"', async () => {
    await setActive(true)
    await page().locator('[data-test="sync-rejection"] [data-test="rejection-retry"]').click()
    await expect.poll(async () => (await onServer()).length, { timeout: 30_000 }).toBe(1)
    await page().waitForSelector('[data-test="sync-rejections"]', { state: 'detached' })
    expect(await page().locator('[data-test="sync-refused"]').count()).toBe(0)
  })
})
