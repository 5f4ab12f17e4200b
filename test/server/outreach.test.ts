/**
 * Issue 21, outreach on the server: an e-mail from an associate goes out once through a real
 * SMTP server with its product cards and the unsubscribe headers; the unsubscribe link works
 * without sign-in and only once; consent, the weekly limit and quiet hours hold on the server
 * whatever a tablet believes; a tracked link counts the click and goes to the shop only.
 */
import type { CustomerDoc, OutreachDoc } from '../../src/shared/types'
import type { TestSmtp } from './mail-helpers'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outreachMessageId } from '../../sync-server/outreach/sender'
import { makeConsent, makeCustomer, makeOutreach, makeProduct } from '../fixtures/docs'
import { makeAssociate, makeStore, world } from '../fixtures/world'
import { quietHoursAwayFrom } from '../fixtures/quiet-hours'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'
import { header, part, startSmtp } from './mail-helpers'

const SHOP = 'https://shop.example.com'
const PUBLIC = 'https://clienteling.example.com'

describe.each(BACKENDS)('outreach e-mails, on %s', (backend) => {
  let smtp: TestSmtp
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const carla = makeCustomer({ id: 'cus-carla', firstName: 'Carla', lastName: 'Neri', email: 'carla@example.com', phone: '+39 333 200 0001', homeStoreId: 'store-a', consents: { email: makeConsent(), sms: makeConsent({ granted: false }) } })
  const dario = makeCustomer({ id: 'cus-dario', firstName: 'Dario', lastName: 'Blu', email: 'dario@example.com', phone: '+39 333 200 0002', homeStoreId: 'store-a', consents: { email: makeConsent({ granted: false }) } })
  const elena = makeCustomer({ id: 'cus-elena', firstName: 'Elena', lastName: 'Gialli', email: 'elena@example.com', phone: '+39 333 200 0003', homeStoreId: 'store-a', consents: { email: makeConsent() } })
  const message = (id: string, o: Partial<OutreachDoc> = {}) => makeOutreach({ id, storeId: 'store-a', associateId: 'assoc-a1', customerId: carla.id, products: ['SKU-A', 'SKU-ELSEWHERE'], at: new Date().toISOString(), ...o })
  const push = (doc: OutreachDoc) => tablet.push('outreach', [{ newDocumentState: doc, assumedMasterState: null }])
  const errorOf = (reply: { status: number, body: unknown }) => [reply.status, (reply.body as { error?: { code: string } }).error?.code]
  const stored = async (id: string) => (await tablet.pullAll('outreach')).documents.find(d => d.id === id) as unknown as OutreachDoc | undefined
  const customer = async (id: string) => (await tablet.pullAll('customers')).documents.find(d => d.id === id) as unknown as CustomerDoc
  const queued = async (id: string) => (await server.db.query<{ id: string, next_attempt_at: Date }>('SELECT id, next_attempt_at FROM outreach_outbox WHERE id = $1', [id])).rows
  const linksIn = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map(m => m[1]!.replace(/&amp;/g, '&'))

  beforeAll(async () => {
    smtp = await startSmtp()
    server = await startTestServer(backend, { config: { smtpUrl: smtp.url, shopUrl: SHOP, publicUrl: PUBLIC } })
    const w = world()
    await server.load({
      ...w,
      stores: w.stores.map(s => (s.id === 'store-a' ? { ...s, settings: { quietHours: quietHoursAwayFrom() } } : s)),
      customers: [...w.customers, carla, dario, elena],
      products: [...w.products, makeProduct({ sku: 'SKU-ELSEWHERE', name: 'Foulard Elsewhere', url: 'https://evil.example.net/p/1' })],
    })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
  })
  afterAll(async () => {
    await server.close()
    await smtp.down()
  })

  it('sends an e-mail pushed three times exactly once, with product cards and both unsubscribe headers', async () => {
    const look = message('01JNOUTREACHLOOK0000000001')
    for (let i = 0; i < 3; i++)
      expect((await push(look)).body).toEqual([])
    await server.outreach.flush()
    await server.outreach.flush()
    const mails = smtp.received.filter(m => header(m.raw, 'Message-ID') === outreachMessageId(look.id))
    expect(mails).toHaveLength(1)
    const raw = mails[0]!.raw
    expect(mails[0]!.to).toEqual(['carla@example.com'])
    expect(header(raw, 'List-Unsubscribe')).toMatch(new RegExp(`^<${PUBLIC}/u/[\\w-]+\\.[\\w-]+>$`))
    expect(header(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
    const html = part(raw, 'text/html')!
    expect(html).toContain('Ciao Maria, ecco qualche idea per la cerimonia.')
    expect(html).toContain('Foulard Elsewhere')
    expect(linksIn(html).filter(l => l.startsWith(`${PUBLIC}/r/`))).toHaveLength(2)
    expect(await stored(look.id)).toMatchObject({ status: 'sent', reason: null })
  })

  it('withdraws the e-mail consent with the one-click POST, without sign-in; a replay changes nothing', async () => {
    const raw = smtp.received.find(m => header(m.raw, 'Message-ID') === outreachMessageId('01JNOUTREACHLOOK0000000001'))!.raw
    const url = header(raw, 'List-Unsubscribe')!.slice(1, -1).replace(PUBLIC, server.url)
    // A mail scanner following the link changes nothing: the page asks.
    expect((await fetch(url)).status).toBe(200)
    expect((await customer(carla.id)).consents.email?.granted).toBe(true)
    const oneClick = () => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
    expect((await oneClick()).status).toBe(200)
    const after = await customer(carla.id)
    expect(after.consents.email).toMatchObject({ granted: false, capturedBy: 'customer', source: 'email-link' })
    expect((await oneClick()).status).toBe(200)
    expect(await customer(carla.id)).toEqual(after)
    // The retailer's systems hear it as they hear a store's consent change: once, from no store.
    const { rows } = await server.db.query<{ payload: { data: unknown } }>(`SELECT payload FROM commerce_outbox WHERE event_type = 'consent.changed' AND doc_key = $1`, [`customer:${carla.id}`])
    expect(rows.map(r => r.payload.data)).toEqual([{ customerId: carla.id, channel: 'email', consent: after.consents.email, storeId: null }])
  })

  it('refuses a link whose token was not signed by the server', async () => {
    const forged = `${Buffer.from(JSON.stringify({ k: 'u', c: elena.id })).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`
    expect((await fetch(`${server.url}/u/${forged}`, { method: 'POST' })).status).toBe(404)
    expect((await customer(elena.id)).consents.email?.granted).toBe(true)
  })

  it('refuses a marketing e-mail to a customer without e-mail consent, and queues nothing', async () => {
    const refused = message('01JNOUTREACHNOCONSENT00001', { customerId: dario.id })
    expect(errorOf(await push(refused))).toEqual([403, 'no-consent'])
    expect(await stored(refused.id)).toBeUndefined()
    expect(await queued(refused.id)).toEqual([])
    // Carla has just unsubscribed: the server knows, whatever the tablet still shows.
    expect(errorOf(await push(message('01JNOUTREACHUNSUBSCRIBED01')))).toEqual([403, 'no-consent'])
  })

  it('refuses a third message in a week to the same customer, whoever sends it', async () => {
    expect((await push(message('01JNOUTREACHELENA000000001', { customerId: elena.id, products: [] }))).body).toEqual([])
    expect((await push(message('01JNOUTREACHELENA000000002', { customerId: elena.id, products: [], associateId: 'assoc-a1' }))).body).toEqual([])
    expect(errorOf(await push(message('01JNOUTREACHELENA000000003', { customerId: elena.id, products: [] })))).toEqual([409, 'contact-limit'])
  })

  it('holds an e-mail written in the store\'s quiet hours until they end', async () => {
    const rome = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)
    const quietHours = { from: rome(new Date(Date.now() - 3_600_000)), to: rome(new Date(Date.now() + 3_600_000)) }
    await server.load({ stores: [makeStore({ id: 'store-q', name: 'Negozio Q', settings: { quietHours } })], customers: [makeCustomer({ id: 'cus-quiet', email: 'quiet@example.com', homeStoreId: 'store-q', consents: { email: makeConsent() } })] })
    const quietTablet = apiClient(server.url, (await server.enroll('store-q')).token)
    await server.load({ associates: [makeAssociate({ id: 'assoc-q1', storeId: 'store-q', staffCode: 'Q01' })] })
    const late = message('01JNOUTREACHQUIET000000001', { storeId: 'store-q', associateId: 'assoc-q1', customerId: 'cus-quiet', products: [] })
    expect((await quietTablet.push('outreach', [{ newDocumentState: late, assumedMasterState: null }])).body).toEqual([])
    const [row] = await queued(late.id)
    expect(row!.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000)
    await server.outreach.flush()
    expect(smtp.received.filter(m => header(m.raw, 'Message-ID') === outreachMessageId(late.id))).toEqual([])
  })

  it('counts a click on a product link and sends the customer to the shop, and only to the shop', async () => {
    const raw = smtp.received.find(m => header(m.raw, 'Message-ID') === outreachMessageId('01JNOUTREACHLOOK0000000001'))!.raw
    const [toProduct, toElsewhere] = linksIn(part(raw, 'text/html')!).filter(l => l.startsWith(`${PUBLIC}/r/`)).map(l => l.replace(PUBLIC, server.url))
    const first = await fetch(toProduct!, { redirect: 'manual' })
    expect(first.status).toBe(302)
    const target = new URL(first.headers.get('location')!)
    expect([target.host, target.searchParams.get('utm_source'), target.searchParams.get('utm_content')]).toEqual(['shop.example.com', 'clienteling', 'store-a:assoc-a1'])
    const second = await fetch(toElsewhere!, { redirect: 'manual' })
    expect(new URL(second.headers.get('location')!).host).toBe('shop.example.com')
    expect((await stored('01JNOUTREACHLOOK0000000001'))?.clicks).toBe(2)
    expect((await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outreach_clicks WHERE outreach_id = '01JNOUTREACHLOOK0000000001'`)).rows[0]!.n).toBe(2)
    expect((await fetch(`${server.url}/r/not-a-token`, { redirect: 'manual' })).status).toBe(404)
  })
})
