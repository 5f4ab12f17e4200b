/**
 * Issue 22, the customer's own pages (they face the internet): the store's booking page offers
 * free times for a purpose, books one for a new person or the customer the identity rules
 * match, and answers bad input with the form again and nothing written; the link in the
 * confirmation opens that appointment only, where the customer cancels or moves it.
 */
import type { AppointmentDoc, CustomerDoc } from '../../src/shared/types'
import type { TestSmtp } from './mail-helpers'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingDays } from '../../sync-server/appointments/booking'
import { linkKey, signLink } from '../../sync-server/outreach/links'
import { makeAppointment } from '../fixtures/docs'
import { makeAssociate, makeStore, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, openTestDatabase, startTestServer } from './harness'
import { part, startSmtp } from './mail-helpers'

const every = [{ from: '10:00', to: '19:00' }]
// Open every day, so the test does not care which weekday it runs on.
const store = makeStore({ hours: { weekly: { mon: every, tue: every, wed: every, thu: every, fri: every, sat: every, sun: every }, exceptions: [] } })
const tailor = makeAssociate({ id: 'assoc-a2', displayName: 'Marta Sarti', staffCode: 'A02', specialties: ['fitting', 'alterations'] })
const stylist = makeAssociate({ id: 'assoc-a1', displayName: 'Giulia Bianchi', specialties: ['styling'] })
/** Tomorrow, store time: far enough ahead for the lead time whatever the hour now. */
const day = bookingDays(store, new Date())[1]!
const romeOffset = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))

interface Form { purpose?: string, start?: string, firstName?: string, lastName?: string, email?: string, phone?: string, consentEmail?: string, consentSms?: string, website?: string }

describe.each(BACKENDS)('the customer\'s appointment pages, on %s', (backend) => {
  let server: TestServer
  let smtp: TestSmtp
  const page = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init })
  const post = (path: string, form: Record<string, string | undefined>) => page(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined)).toString(),
  })
  const slotsOn = async (purpose: string) => [...(await (await page(`/book/store-a?purpose=${purpose}&day=${day}&lang=en`)).text()).matchAll(/name="start" value="([^"]+)"/g)].map(m => m[1]!)
  const book = async (form: Form) => post('/book/store-a?lang=en', { purpose: 'fitting', firstName: 'Sara', lastName: 'Galli', ...form })
  const appointments = async () => (await server.db.query<{ data: AppointmentDoc }>(`SELECT data FROM docs WHERE collection = 'appointments' ORDER BY data->>'createdAt'`)).rows.map(r => r.data)
  const customers = async () => (await server.db.query<{ data: CustomerDoc }>(`SELECT data FROM docs WHERE collection = 'customers' AND NOT deleted`)).rows.map(r => r.data)
  const outbox = async () => (await server.db.query<{ id: string }>('SELECT id FROM appointment_outbox ORDER BY id')).rows.map(r => r.id)
  const snapshot = async () => ({ appointments: (await appointments()).length, customers: (await customers()).length, outbox: (await outbox()).length })

  beforeAll(async () => {
    smtp = await startSmtp()
    server = await startTestServer(backend, { db: await openTestDatabase(backend), config: { smtpUrl: smtp.url } })
    const w = world()
    await server.load({ ...w, stores: [store, ...w.stores.filter(s => s.id !== 'store-a')], associates: [stylist, tailor, ...w.associates.filter(a => a.storeId !== 'store-a')] })
  })
  afterAll(async () => {
    await server.close()
    await smtp.down()
  })

  it('offers the free times of a day for the purpose, none taken by both associates', async () => {
    const before = await slotsOn('fitting')
    expect(before.length).toBeGreaterThan(5)
    expect(romeOffset(before[0]!)).toBe('10:00')
    // Both associates are busy at 10:00: nobody can take it.
    const busy = (id: string, associateId: string) => makeAppointment({ id, storeId: 'store-a', customerId: 'cus-alice', associateId, start: before[0]!, end: new Date(Date.parse(before[0]!) + 3_600_000).toISOString(), products: [] })
    await server.load({ appointments: [busy('01JBUSYA1', 'assoc-a1'), busy('01JBUSYA2', 'assoc-a2')] })
    expect(await slotsOn('fitting')).not.toContain(before[0])
    const html = await (await page(`/book/store-a?purpose=fitting&day=${day}&lang=en`)).text()
    expect(html).not.toMatch(/Alice|Rossi|alice@example\.com/)
  })

  it('books a new person with the tailor first, records the consent and its text version, and e-mails a link to the appointment', async () => {
    const [start] = await slotsOn('fitting')
    const response = await book({ start, email: 'sara.galli@example.com', phone: '', consentEmail: '1' })
    expect(response.status).toBe(303)
    const stored = (await appointments()).find(a => a.source === 'web')!
    expect(stored).toMatchObject({ storeId: 'store-a', associateId: 'assoc-a2', purpose: 'fitting', start, status: 'booked', createdBy: 'customer', sequence: 0 })
    expect(Date.parse(stored.end) - Date.parse(stored.start)).toBe(45 * 60_000)
    const sara = (await customers()).find(c => c.id === stored.customerId)!
    expect(sara).toMatchObject({ firstName: 'Sara', lastName: 'Galli', email: 'sara.galli@example.com', homeStoreId: 'store-a', language: 'en' })
    expect(sara.consents.email).toMatchObject({ granted: true, capturedBy: 'customer', source: 'booking-page', textVersion: '2026-01' })
    expect(sara.consents.sms).toBeUndefined()
    // The store's tablets get the new profile and the booking.
    const tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    expect((await tablet.pullAll('customers')).documents.map(d => d.id)).toContain(sara.id)
    expect((await tablet.pullAll('appointments')).documents.map(d => d.id)).toContain(stored.id)
    // The page the customer lands on is the appointment's own.
    const landing = await page(response.headers.get('location')!)
    expect(await landing.text()).toContain('Booked!')
    await server.appointments.flush()
    const mail = smtp.received.find(m => m.to.includes('sara.galli@example.com'))!
    // The same invite as a tablet's booking: the customer's calendar offers to add it.
    expect(part(mail.raw, 'text/calendar')).toContain('METHOD:REQUEST')
    const link = part(mail.raw, 'text/plain')!.match(/\/a\/[\w.-]+\?lang=en/)![0]
    const opened = await (await page(link)).text()
    expect(opened).toContain('Fitting')
    expect(opened).toContain('Marta')
  })

  it('books for the customer the server already knows by e-mail, without changing their profile or showing it', async () => {
    const [, second] = await slotsOn('styling')
    const aliceBefore = (await customers()).find(c => c.id === 'cus-alice')!
    const response = await book({ purpose: 'styling', start: second, firstName: 'Someone', lastName: 'Else', email: '  ALICE@example.com ', consentSms: '1', phone: '+39 333 100 0001' })
    expect(response.status).toBe(303)
    const booked = (await appointments()).filter(a => a.source === 'web').at(-1)!
    expect(booked.customerId).toBe('cus-alice')
    const aliceAfter = (await customers()).find(c => c.id === 'cus-alice')!
    expect({ ...aliceAfter, consents: {}, updatedAt: '' }).toEqual({ ...aliceBefore, consents: {}, updatedAt: '' })
    expect((await customers()).filter(c => c.lastName === 'Else')).toEqual([])
    const shown = await (await page(response.headers.get('location')!)).text()
    expect(shown).not.toMatch(/Alice|Rossi|alice@example\.com|100 0001/)
  })

  it.each([
    ['no name', { firstName: '', email: 'x@example.com' }, 'Write your first name'],
    ['no way to reach them', { email: '', phone: '' }, 'Write an e-mail address or a phone number'],
    ['an address that is not one', { email: 'not-an-address' }, 'does not look right'],
    ['a phone that is not one', { email: '', phone: 'call me' }, 'This phone number does not look right'],
    ['e-mail consent without an address', { email: '', phone: '+39 333 999 0000', consentEmail: '1' }, 'E-mails need an e-mail address'],
    ['a purpose not on the list', { purpose: 'haircut', email: 'x@example.com' }, 'Choose what the appointment is for'],
    ['no time chosen', { start: '', email: 'x@example.com' }, 'Choose a free time'],
  ])('answers %s with the form again, the problem named, and writes nothing', async (_, form, sentence) => {
    const before = await snapshot()
    const [start] = await slotsOn('fitting')
    const response = await book({ start, ...form } as Form)
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toContain(sentence)
    expect(html).toContain('aria-invalid="true"')
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a time that is not free (taken, closed or made up) and writes nothing', async () => {
    const before = await snapshot()
    const taken = (await appointments()).find(a => a.source === 'web')!.start
    for (const start of [taken, `${day}T02:00:00.000Z`]) {
      const response = await book({ start, email: 'late@example.com' })
      expect(response.status).toBe(409)
      expect(await response.text()).toContain('That time was just taken')
    }
    expect(await snapshot()).toEqual(before)
  })

  it('thanks a bot that filled the hidden field, and books nothing', async () => {
    const before = await snapshot()
    const [start] = await slotsOn('fitting')
    const response = await book({ start, email: 'bot@example.com', website: 'http://spam.example' })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Thank you')
    expect(await snapshot()).toEqual(before)
  })

  it('opens an appointment only with its own token: not another\'s, not a forged one, not an unsubscribe link', async () => {
    const [sara, alice] = (await appointments()).filter(a => a.source === 'web')
    const key = await linkKey(server.db)
    const saraToken = signLink(key, { k: 'a', a: sara!.id })
    const [body, mac] = saraToken.split('.')
    const forged = `${Buffer.from(JSON.stringify({ k: 'a', a: alice!.id })).toString('base64url')}.${mac}`
    for (const token of [forged, signLink(key, { k: 'u', c: alice!.customerId }), `${body}.AAAAAAAAAAAAAAAAAAAAAA`, 'nonsense']) {
      const response = await page(`/a/${token}?lang=en`)
      expect(response.status).toBe(404)
      expect(await response.text()).toContain('This link is not valid')
    }
    const own = await (await page(`/a/${saraToken}?lang=en`)).text()
    expect(own).toContain('Fitting')
    expect(own).not.toContain('Styling')
  })

  it('moves an appointment to another free time with a new invite, and refuses a time that is not free', async () => {
    const sara = (await appointments()).find(a => a.source === 'web')!
    const token = signLink(await linkKey(server.db), { k: 'a', a: sara.id })
    const moveForm = await (await page(`/a/${token}/move?lang=en&day=${day}`)).text()
    const times = [...moveForm.matchAll(/name="start" value="([^"]+)"/g)].map(m => m[1]!)
    const later = times.at(-1)!
    expect((await post(`/a/${token}/move?lang=en`, { start: `${day}T03:00:00.000Z` })).status).toBe(409)
    expect((await appointments()).find(a => a.id === sara.id)).toMatchObject({ start: sara.start, sequence: 0 })
    const moved = await post(`/a/${token}/move?lang=en`, { start: later })
    expect(moved.status).toBe(303)
    expect((await appointments()).find(a => a.id === sara.id)).toMatchObject({ start: later, sequence: 1, associateId: sara.associateId })
    expect(await outbox()).toContain(`${sara.id}:request:1`)
  })

  it('cancels only after the customer confirms (a link followed changes nothing), then once', async () => {
    const sara = (await appointments()).find(a => a.source === 'web')!
    const token = signLink(await linkKey(server.db), { k: 'a', a: sara.id })
    const ask = await (await page(`/a/${token}?lang=en&cancel=1`)).text()
    expect(ask).toContain('Do you really want to cancel it?')
    expect((await appointments()).find(a => a.id === sara.id)!.status).toBe('booked')
    expect((await post(`/a/${token}/cancel?lang=en`, {})).status).toBe(303)
    expect((await appointments()).find(a => a.id === sara.id)).toMatchObject({ status: 'cancelled', cancelReason: 'customer' })
    expect(await outbox()).toContain(`${sara.id}:cancel:1`)
    const again = await post(`/a/${token}/cancel?lang=en`, {})
    expect(again.status).toBe(409)
    expect((await outbox()).filter(id => id.startsWith(`${sara.id}:cancel`))).toHaveLength(1)
  })

  it('stops booking from one address after five in ten minutes, and writes none past the limit', async () => {
    const statuses: number[] = []
    const slots = await slotsOn('alterations')
    const before = (await appointments()).length
    for (let i = 0; i < 6 && !statuses.includes(429); i++)
      statuses.push((await book({ purpose: 'alterations', start: slots[i * 2], email: `limit${i}@example.com` })).status)
    expect(statuses.at(-1)).toBe(429)
    expect((await appointments()).length - before).toBe(statuses.filter(s => s === 303).length)
  })

  it('says a store that does not exist or takes no bookings does not, in the browser\'s language', async () => {
    for (const id of ['store-zzz', 'online', '../etc'])
      expect((await page(`/book/${id}`, { headers: { 'Accept-Language': 'it-IT,it;q=0.9' } })).status).toBe(404)
    expect(await (await page('/book/online', { headers: { 'Accept-Language': 'it-IT' } })).text()).toContain('Questo negozio non esiste')
  })
})
