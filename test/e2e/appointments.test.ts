/**
 * Issue 22 on the tablet: an associate books Niccolò a fitting with products to prepare, the
 * store calendar shows it (and the server has it), a booking another tablet made appears
 * without a reload, and on the day the associate marks him arrived — the visit opens with
 * the prepared products at hand, one tap from the timeline.
 */
import type { AppointmentDoc } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { associateSlots } from '../../src/domain/availability'
import { addDays, storeDay } from '../../src/domain/store-days'
import { DEMO_STORES } from '../../sync-server/seed'
import { demoWeek } from '../../sync-server/seed/associates'
import { makeAppointment } from '../fixtures/docs'
import { axeViolations } from './axe'
import { ASSOCIATE, knownCustomers, niccolo, STORE } from './fixtures'
import { enrollTablet, screenshot, signIn, useTablet } from './harness'

const TZ = 'Europe/Rome'
const hours = DEMO_STORES.find(s => s.id === STORE)!.hours!
const luca = { id: 'assoc-mi-02', ...demoWeek('MI02') }

/** The first day from tomorrow on which Luca has free time (the store's hours and his week). */
function nextWorkingDay(): { day: string, first: string } {
  for (let n = 1; n < 14; n++) {
    const day = addDays(storeDay(new Date(), TZ), n)
    const slots = associateSlots({ day, timeZone: TZ, durationMinutes: 60, stepMinutes: 15, notBefore: new Date(), hours, associate: luca, appointments: [] })
    if (slots.length)
      return { day, first: slots[0]!.start }
  }
  throw new Error('Luca has no working day in the next two weeks')
}

const stored = (db: { query: <T>(sql: string, params?: unknown[]) => Promise<{ rows: T[] }> }) => async () =>
  (await db.query<{ data: AppointmentDoc }>(`SELECT data FROM docs WHERE collection = 'appointments' ORDER BY data->>'createdAt'`)).rows.map(r => r.data)

describe('appointments on the tablet', () => {
  const tablet = useTablet(knownCustomers, 'appointments-')
  const page = () => tablet.page
  const { day, first } = nextWorkingDay()

  it('books Niccolò a fitting with Luca, with a wishlist item and a catalogue product to prepare', async () => {
    await enrollTablet(page(), tablet.server, STORE)
    await signIn(page(), ASSOCIATE)
    await page().fill('[data-test="lookup-input"]', 'nicolo')
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="book-appointment"]')
    await page().selectOption('[data-test="booking-purpose"]', 'fitting')
    await page().check(`[data-test="booking-associate"][value="${luca.id}"]`)
    await page().fill('[data-test="booking-day"]', day)
    await page().locator(`[data-test="booking-slot"][value="${first}"]`).check({ force: true })
    await page().fill('[data-test="booking-notes"]', 'Orlo dei pantaloni da provare')
    await page().locator('[data-test="booking-candidate"]').first().check()
    await page().fill('[data-test="booking-product-search"]', 'SKU-000010')
    await page().locator('[data-test="booking-product-hit"] button').first().click()
    await expect.poll(() => page().locator('[data-test="booking-chosen"]').count()).toBe(2)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'appointment-booking')
    await page().click('[data-test="booking-save"]')
    await page().waitForURL(/\/appointments\?/)
    await expect.poll(() => page().locator('[data-test="calendar-box"]').count()).toBe(1)
    expect(await page().textContent('[data-test="calendar-box"]')).toContain('Niccolò Bianchi')
    await expect.poll(stored(tablet.server.db), { timeout: 30_000 }).toMatchObject([
      { customerId: niccolo.id, associateId: luca.id, purpose: 'fitting', start: first, status: 'booked', source: 'tablet', createdBy: luca.id, notes: 'Orlo dei pantaloni da provare', products: [{ sku: 'SKU-000003' }, { sku: 'SKU-000010' }] },
    ])
  })

  it('shows the week and a booking another tablet made, without a reload; the calendar has no accessibility violations', async () => {
    const start = new Date(Date.parse(first) + 3 * 3_600_000).toISOString()
    const other = makeAppointment({ id: 'appt-other-tablet', storeId: STORE, customerId: niccolo.id, associateId: 'assoc-mi-03', purpose: 'styling', start, end: new Date(Date.parse(start) + 3_600_000).toISOString(), products: [], notes: '', createdBy: 'assoc-mi-03', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() })
    const { _deleted, ...doc } = other
    await tablet.server.write({ appointments: [doc] })
    await expect.poll(() => page().locator('[data-test="calendar-box"]').count(), { timeout: 30_000 }).toBe(2)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'appointment-calendar-day')
    await page().click('[data-test="calendar-view-week"]')
    await expect.poll(() => page().locator('[data-test="calendar-week-item"]').count()).toBe(2)
    expect(await axeViolations(page())).toEqual([])
    await screenshot(page(), 'appointment-calendar-week')
  })

  it('moves the other tablet\'s booking to Luca later that day: the server has the new time and the invite\'s sequence rises', async () => {
    await page().click('[data-test="calendar-view-day"]')
    const card = page().locator('[data-test="appointment-card"][data-appointment="appt-other-tablet"]')
    await card.locator('[data-test="appointment-move"]').click()
    await page().waitForSelector('[data-test="booking-view"]')
    // To Luca, who works that day, at his last free time.
    await page().check(`[data-test="booking-associate"][value="${luca.id}"]`)
    await expect.poll(() => page().locator('[data-test="booking-slot"]').count()).toBeGreaterThan(1)
    const later = (await page().locator('[data-test="booking-slot"]').last().getAttribute('value'))!
    await page().locator('[data-test="booking-slot"]').last().check({ force: true })
    await page().click('[data-test="booking-save"]')
    await page().waitForURL(/\/appointments\?/)
    await expect.poll(async () => (await stored(tablet.server.db)()).find(a => a.id === 'appt-other-tablet'), { timeout: 30_000 }).toMatchObject({ start: later, associateId: luca.id, sequence: 1, status: 'booked' })
  })

  it('marks Niccolò arrived: the visit opens with the prepared products, one tap from the timeline', async () => {
    await page().click('[data-test="calendar-view-day"]')
    const card = page().locator(`[data-test="appointment-card"]`).filter({ hasText: 'Orlo dei pantaloni' })
    await card.locator('[data-test="appointment-arrived"]').click()
    await page().waitForURL(/\/visits\//)
    await expect.poll(() => page().locator('[data-test="visit-prepared-product"]').count()).toBe(2)
    await page().locator('[data-test="visit-prepared-tried_on"]').first().click()
    await expect.poll(() => page().locator('[data-test="visit-prepared-tried_on"]').first().getAttribute('aria-pressed')).toBe('true')
    await screenshot(page(), 'appointment-visit-prepared')
    const visitId = page().url().split('/visits/')[1]
    await expect.poll(async () => (await stored(tablet.server.db)()).find(a => a.notes.startsWith('Orlo')), { timeout: 30_000 }).toMatchObject({ status: 'arrived', visitId })
  })

  it('lets a customer book on the store\'s page from her phone; the booking appears on the tablet without a reload', async () => {
    await page().goBack()
    await page().waitForURL(/\/appointments\?/)
    // Read once the calendar is back: Niccolò's fitting (arrived) and the appointment moved to Luca.
    await page().waitForSelector('[data-test="calendar-view"][data-state="ready"]')
    await expect.poll(() => page().locator('[data-test="calendar-box"]').count()).toBe(2)
    const before = 2
    const phone = await tablet.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'it-IT', isMobile: true, hasTouch: true })
    const p = await phone.newPage()
    await p.goto(`${tablet.server.url}/book/${STORE}`)
    await p.selectOption('#f-purpose', 'alterations')
    await p.selectOption('#f-day', day)
    await p.click('[data-test="book-show"]')
    expect(await axeViolations(p)).toEqual([])
    await screenshot(p, 'appointment-phone-booking')
    await p.locator('[data-test="book-slot"]').first().check({ force: true })
    await p.fill('#f-firstName', 'Anna')
    await p.fill('#f-lastName', 'Verdi')
    await p.fill('#f-email', 'anna.verdi@example.com')
    await p.locator('input[name="consentEmail"]').check()
    await p.click('[data-test="book-submit"]')
    await p.waitForSelector('[data-test="appointment-notice"]')
    expect(await p.textContent('[data-test="appointment-notice"]')).toContain('Prenotato!')
    expect(await axeViolations(p)).toEqual([])
    await screenshot(p, 'appointment-phone-booked')
    // Her appointment's page offers another time (the link in her e-mails opens it too).
    await p.click('[data-test="appointment-move"]')
    await p.waitForSelector('[data-test="book-slot"]')
    expect(await axeViolations(p)).toEqual([])
    await screenshot(p, 'appointment-phone-move')
    // A form sent with a problem comes back with it named, accessibly.
    await p.goto(`${tablet.server.url}/book/${STORE}?day=${day}`)
    await p.locator('[data-test="book-slot"]').first().check({ force: true })
    await p.click('[data-test="book-submit"]')
    await p.waitForSelector('[data-test="book-problems"]')
    expect(await axeViolations(p)).toEqual([])
    await screenshot(p, 'appointment-phone-problems')
    await phone.close()
    await expect.poll(() => page().locator('[data-test="calendar-box"]').count(), { timeout: 30_000 }).toBe(before + 1)
    await expect.poll(() => page().locator('[data-test="calendar-box"]', { hasText: 'Anna Verdi' }).count(), { timeout: 30_000 }).toBe(1)
    await page().locator('[data-test="calendar-box"]', { hasText: 'Anna Verdi' }).click()
    const anna = page().locator('[data-test="appointment-card"]', { hasText: 'Anna Verdi' })
    expect(await anna.textContent()).toContain('Prenotato dal cliente online')
    await screenshot(page(), 'appointment-calendar-web-booking')
    // The store calls her and cancels; the reason is one of a closed list.
    await anna.locator('[data-test="appointment-cancel"]').click()
    await anna.locator('[data-test="appointment-cancel-store"]').click()
    await expect.poll(() => anna.locator('[data-test="appointment-status"]').textContent()).toBe('Annullato')
    await expect.poll(async () => (await stored(tablet.server.db)()).find(a => a.source === 'web'), { timeout: 30_000 }).toMatchObject({ status: 'cancelled', cancelReason: 'store' })
    // The moved appointment: the customer did not come (two taps).
    await page().click('[data-test="calendar-box"][data-appointment="appt-other-tablet"]')
    const missed = page().locator('[data-test="appointment-card"][data-appointment="appt-other-tablet"]')
    const id = 'appt-other-tablet'
    await missed.locator('[data-test="appointment-no-show"]').click()
    await missed.locator('[data-test="appointment-no-show-confirm"]').click()
    await expect.poll(async () => (await stored(tablet.server.db)()).find(a => a.id === id)?.status, { timeout: 30_000 }).toBe('no-show')
  })

  it('lets the manager close the store on that day: the booking form then offers no time', async () => {
    await page().click('[data-test="switch-associate"]')
    await signIn(page(), { staffCode: 'MI01', pin: '010101' })
    await page().click('[data-test="manager-link"]')
    await page().click('[data-test="manager-nav-availability"]')
    await page().waitForSelector('[data-test="manager-availability"]')
    // A closing time before the opening one is named, and nothing is saved.
    await page().locator('[data-test="store-week-mon"] [data-test="range-to"]').first().fill('08:00')
    await page().click('[data-test="hours-save"]')
    await page().waitForSelector('[data-test="manager-availability"][data-state="invalid"]')
    await page().locator('[data-test="store-week-mon"] [data-test="range-to"]').first().fill('19:30')
    await page().fill('[data-test="exception-new-day"]', day)
    await page().click('[data-test="exception-add"]')
    expect(await axeViolations(page())).toEqual([])
    await page().click('[data-test="hours-save"]')
    await page().waitForSelector('[data-test="manager-availability"][data-state="saved"]')
    await screenshot(page(), 'appointment-manager-hours')
    const stored = async () => (await tablet.server.db.query<{ data: { hours: { exceptions: { day: string, hours: unknown[] }[] } } }>(`SELECT data FROM docs WHERE collection = 'stores' AND id = $1`, [STORE])).rows[0]!.data.hours.exceptions
    expect(await stored()).toContainEqual({ day, hours: [] })
    await page().click('[data-test="home-link"]')
    await page().fill('[data-test="lookup-input"]', 'nicolo')
    await page().click(`[data-test="lookup-result"][data-customer-id="${niccolo.id}"]`)
    await page().click('[data-test="book-appointment"]')
    await page().fill('[data-test="booking-day"]', day)
    await expect.poll(() => page().textContent('[data-test="booking-no-slots"]'), { timeout: 30_000 }).toContain('chiuso')
  })
})
