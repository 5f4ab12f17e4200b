/**
 * What outreach brought in, for the manager, with its definitions (the dashboard shows them):
 * - sent: messages that left, by channel, in the period (an e-mail the server sent, a text the
 *   associate logged as sent; one waiting or failed is not sent);
 * - clicks: clicks on the product links of the period's e-mails;
 * - unsubscribes: customers of the store's book who withdrew e-mail consent through an e-mail's
 *   link in the period (the store's, not an associate's);
 * - tasks done: Today tasks marked done in the period, by whoever marked them;
 * - influenced sales: order lines, in any channel, credited to a message by the last-touch rule
 *   of src/domain/attribution.ts (a line counts once: for a visit or for a message).
 */
import type { CustomerDoc, InteractionDoc, OrderDoc, OutreachDoc, TaskDoc } from '../shared/types'
import type { OutreachKpis, Period } from '../shared/endpoints'
import type { Credit } from './attribution'
import { attributeSales } from './attribution'

export type { OutreachKpis } from '../shared/endpoints'

export interface OutreachKpiInput {
  storeId: string
  period: Period
  outreach: readonly OutreachDoc[]
  tasks: readonly TaskDoc[]
  customers: readonly CustomerDoc[]
  orders: readonly OrderDoc[]
  /** store visits' touches: a sale a visit touched last is the visit's */
  interactions: readonly InteractionDoc[]
  attributionDays: number
}

const inPeriod = (at: string, p: Period) => at >= p.from && at < p.to

function kpisOf(input: OutreachKpiInput, associateId: string | null, allCredits: readonly Credit[]): OutreachKpis {
  const mine = <T extends { storeId: string }>(d: T, who: string) => d.storeId === input.storeId && (associateId === null || who === associateId)
  const messages = input.outreach.filter(m => mine(m, m.associateId) && inPeriod(m.at, input.period))
  const gone = messages.filter(m => m.status === 'sent' || m.status === 'logged')
  const credits = allCredits.filter(c => c.via === 'outreach' && c.storeId === input.storeId && (associateId === null || c.associateId === associateId))
  return {
    sent: { email: gone.filter(m => m.channel === 'email').length, sms: gone.filter(m => m.channel === 'sms').length, whatsapp: gone.filter(m => m.channel === 'whatsapp').length },
    clicks: messages.filter(m => m.channel === 'email').reduce((n, m) => n + m.clicks, 0),
    unsubscribes: associateId === null
      ? input.customers.filter(c => c.consents.email?.source === 'email-link' && c.consents.email.granted === false && inPeriod(c.consents.email.capturedAt, input.period)).length
      : null,
    tasksDone: input.tasks.filter(t => mine(t, t.by) && t.state === 'done' && inPeriod(t.at, input.period)).length,
    influencedSalesMinor: credits.reduce((n, c) => n + c.amountMinor, 0),
  }
}

export function outreachKpis(input: OutreachKpiInput): { store: OutreachKpis, associates: Record<string, OutreachKpis> } {
  const ids = new Set([
    ...input.outreach.filter(m => m.storeId === input.storeId).map(m => m.associateId),
    ...input.tasks.filter(t => t.storeId === input.storeId).map(t => t.by),
  ])
  // Attributed once for the store and every associate: each order line has one last touch.
  const credits = attributeSales({ interactions: input.interactions, outreach: input.outreach, orders: input.orders, period: input.period, attributionDays: input.attributionDays })
  return { store: kpisOf(input, null, credits), associates: Object.fromEntries([...ids].sort().map(id => [id, kpisOf(input, id, credits)])) }
}
