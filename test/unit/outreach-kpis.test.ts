import { describe, expect, it } from 'vitest'
import { computeKpis, influencedSales } from '../../src/domain/kpis'
import { outreachKpis } from '../../src/domain/outreach-kpis'
import { makeConsent, makeCustomer, makeInteraction, makeOrder, makeOutreach, makeTask } from '../fixtures/docs'
import { withOutreach } from '../fixtures/kpi-month'

const STORE = 'store-milano-duomo'
const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }
const line = (sku: string, totalMinor: number) => ({ sku, name: sku, size: 'M', qty: 1, unitPriceMinor: totalMinor, discountMinor: 0, discountReason: null, totalMinor })
const look = (id: string, at: string, o = {}) => makeOutreach({ id, storeId: STORE, associateId: 'assoc-giulia', customerId: 'cus-1', products: ['SKU-COAT'], at, status: 'sent', ...o })
const order = (id: string, channel: 'web' | 'store', placedAt: string) => makeOrder({ id, channel, storeId: channel === 'store' ? STORE : null, customerId: 'cus-1', placedAt, lines: [line('SKU-COAT', 50_000), line('SKU-HAT', 9_000)] })
const tried = (at: string) => makeInteraction({ id: `tried-${at}`, storeId: STORE, customerId: 'cus-1', associateId: 'assoc-marco', type: 'tried_on', sku: 'SKU-COAT', at })

function kpis(o: Partial<Parameters<typeof outreachKpis>[0]> = {}) {
  return outreachKpis({ storeId: STORE, period, outreach: [], tasks: [], customers: [], orders: [], interactions: [], attributionDays: 14, ...o })
}

describe('what outreach brought in', () => {
  it('counts messages that left, by channel, and the clicks on the period\'s e-mails', () => {
    const outreach = [
      look('m1', '2026-11-10T10:00:00.000Z', { clicks: 3 }),
      look('m2', '2026-11-11T10:00:00.000Z', { status: 'queued' }),
      look('m3', '2026-11-12T10:00:00.000Z', { status: 'failed' }),
      look('m4', '2026-11-13T10:00:00.000Z', { channel: 'whatsapp', status: 'logged' }),
      look('m5', '2026-10-13T10:00:00.000Z', { clicks: 5 }),
    ]
    expect(kpis({ outreach }).store).toMatchObject({ sent: { email: 1, sms: 0, whatsapp: 1 }, clicks: 3 })
  })

  it('credits an order of a product sent, in any channel, within the window, to the message\'s associate', () => {
    const outreach = [look('m1', '2026-11-10T10:00:00.000Z')]
    const orders = [order('o-store', 'store', '2026-11-20T10:00:00.000Z'), order('o-late', 'web', '2026-11-30T10:00:00.000Z')]
    const result = kpis({ outreach, orders })
    expect(result.store.influencedSalesMinor).toBe(50_000)
    expect(result.associates['assoc-giulia']!.influencedSalesMinor).toBe(50_000)
  })

  it('counts a line once: the latest touch wins, a visit\'s or a message\'s', () => {
    const webOrder = order('o-web', 'web', '2026-11-20T10:00:00.000Z')
    // Tried on in store, then sent by e-mail: the e-mail was last, the sale is the message's.
    const messageLast = { interactions: [tried('2026-11-09T10:00:00.000Z')], outreach: [look('m1', '2026-11-10T10:00:00.000Z')], orders: [webOrder], period, storeId: STORE }
    expect(kpis(messageLast).store.influencedSalesMinor).toBe(50_000)
    expect(influencedSales(messageLast)).toEqual([])
    // Sent first, then tried on: the visit was last.
    const visitLast = { ...messageLast, interactions: [tried('2026-11-11T10:00:00.000Z')] }
    expect(kpis(visitLast).store.influencedSalesMinor).toBe(0)
    expect(influencedSales(visitLast).map(c => [c.associateId, c.amountMinor])).toEqual([['assoc-marco', 50_000]])
  })

  it('counts the store\'s unsubscribes through the e-mail link, and tasks done by whoever marked them', () => {
    const customers = [
      makeCustomer({ id: 'c1', consents: { email: makeConsent({ granted: false, source: 'email-link', capturedBy: 'customer', capturedAt: '2026-11-15T10:00:00.000Z' }) } }),
      makeCustomer({ id: 'c2', consents: { email: makeConsent({ granted: false, source: STORE, capturedAt: '2026-11-15T10:00:00.000Z' }) } }),
    ]
    const tasks = [makeTask({ storeId: STORE, by: 'assoc-giulia', at: '2026-11-05T10:00:00.000Z' }), makeTask({ storeId: STORE, reason: 'other', by: 'assoc-giulia', state: 'snoozed', at: '2026-11-06T10:00:00.000Z' })]
    const result = kpis({ customers, tasks })
    expect([result.store.unsubscribes, result.store.tasksDone, result.associates['assoc-giulia']!.tasksDone, result.associates['assoc-giulia']!.unsubscribes]).toEqual([1, 1, 1, null])
  })

  it('adds up the hand-computed month: the server\'s SQL report must return these very numbers', () => {
    const result = outreachKpis(withOutreach)
    expect(result.store).toEqual({ sent: { email: 2, sms: 1, whatsapp: 1 }, clicks: 3, unsubscribes: 1, tasksDone: 3, influencedSalesMinor: 23_000 })
    expect(result.associates).toEqual({
      A: { sent: { email: 2, sms: 1, whatsapp: 0 }, clicks: 3, unsubscribes: null, tasksDone: 2, influencedSalesMinor: 20_000 },
      B: { sent: { email: 0, sms: 0, whatsapp: 1 }, clicks: 0, unsubscribes: null, tasksDone: 1, influencedSalesMinor: 3_000 },
    })
    // B's recommendation of SKU-R is no longer the web sale's: A's later e-mail is.
    expect(computeKpis(withOutreach).influencedSalesMinor).toBe(8_000)
    // The follow-up A kept (its task done) is no longer due.
    expect(computeKpis({ ...withOutreach, tasks: [] }).followUpsDue - computeKpis(withOutreach).followUpsDue).toBe(1)
  })
})
