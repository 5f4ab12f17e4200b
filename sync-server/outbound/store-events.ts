/**
 * The in-store facts the retailer's central profile needs, as outbound events next to the
 * cart, wishlist and profile ones (same outbox: signed, `X-Event-Id`, in order per document,
 * at least once). Each is made from the push that wrote the fact, so a replayed push — which
 * writes nothing — sends nothing new:
 * - a store sale: `order.created` with channel `store`, shaped as the platform's own
 *   order.created (so the web account can list it), without the receipt's sending state;
 * - an ended visit: `visit.ended` — associate, outcome, the products shown, tried on and
 *   recommended, and only the notes the associate marked as shareable;
 * - a consent given or withdrawn: `consent.changed` with the capture record, per channel.
 * Where customer-data platforms share a name for the fact (Segment's e-commerce spec v2, also
 * RudderStack's and PostHog's), `track` carries it with its properties, ready to route.
 * The JSON Schema of every event is in docs/events/.
 */
import type { ConsentChannel, InteractionDoc, OrderDoc, VisitDoc } from '../../src/shared/types'
import { deepEqual } from '../../src/shared/equal'

export interface TrackCall { event: string, properties: Record<string, unknown> }
export interface StoreEvent<T extends string, D> { id: string, type: T, occurredAt: string, data: D, track?: TrackCall[] }

const money = (minor: number) => minor / 100

/** Segment's "Order Completed", from a store sale. */
function orderCompleted(order: OrderDoc): TrackCall {
  return {
    event: 'Order Completed',
    properties: {
      order_id: order.id,
      affiliation: order.storeId,
      total: money(order.totalMinor),
      revenue: money(order.totalMinor - order.vatMinor),
      tax: money(order.vatMinor),
      discount: money(order.discountMinor),
      currency: order.currency,
      products: order.lines.map(l => ({ product_id: l.sku, sku: l.sku, name: l.name, variant: l.size || undefined, price: money(l.unitPriceMinor), quantity: l.qty })),
    },
  }
}

export function storeOrderEvent(order: OrderDoc, seq: string | number, occurredAt: string): StoreEvent<'order.created', Omit<OrderDoc, 'receipt'>> | null {
  if (order.channel !== 'store')
    return null
  // The platform's order, not our copy's bookkeeping: no sending state, no replication flag.
  const { receipt: _receipt, _deleted: _flag, ...data } = order as OrderDoc & { _deleted?: boolean }
  return { id: `clienteling:orders:${order.id}:${String(seq)}`, type: 'order.created', occurredAt, data, track: [orderCompleted(order)] }
}

export interface VisitEndedData {
  visitId: string
  storeId: string
  associateId: string
  customerId: string | null
  startedAt: string
  endedAt: string | null
  outcome: VisitDoc['outcome']
  orderId: string | null
  products: { shown: Item[], triedOn: Item[], recommended: Item[] }
  /** only the notes marked shareable; the rest stay in the store */
  notes: { text: string, at: string, associateId: string }[]
}
interface Item { sku: string, size: string | null, at: string }

/** `visit.ended` for a visit written ended whose master was open (or absent): once per visit. */
export function visitEndedEvent(visit: VisitDoc, master: VisitDoc | null, interactions: readonly InteractionDoc[], seq: string | number, occurredAt: string): StoreEvent<'visit.ended', VisitEndedData> | null {
  if (visit.outcome === 'open' || (master && master.outcome !== 'open'))
    return null
  const of = (type: InteractionDoc['type']) => interactions.filter(i => i.type === type && i.sku).map(i => ({ sku: i.sku!, size: i.size, at: i.at }))
  return {
    id: `clienteling:visits:${visit.id}:${String(seq)}`,
    type: 'visit.ended',
    occurredAt,
    data: {
      visitId: visit.id,
      storeId: visit.storeId,
      associateId: visit.associateId,
      customerId: visit.customerId,
      startedAt: visit.startedAt,
      endedAt: visit.endedAt,
      outcome: visit.outcome,
      orderId: visit.orderId,
      products: { shown: of('shown'), triedOn: of('tried_on'), recommended: of('recommended') },
      notes: interactions.filter(i => i.type === 'note' && i.shared === true && i.text).map(i => ({ text: i.text!, at: i.at, associateId: i.associateId })),
    },
  }
}

/** `storeId` is null when the customer changed it themselves (the unsubscribe link of an e-mail). */
export interface ConsentChangedData { customerId: string, channel: ConsentChannel, consent: unknown, storeId: string | null }

/** One `consent.changed` per channel whose consent record a store (or the customer) changed. */
export function consentEvents(previous: Record<string, unknown> | null, next: Record<string, unknown> & { id: string }, storeId: string | null, seq: string | number, occurredAt: string): StoreEvent<'consent.changed', ConsentChangedData>[] {
  const before = (previous?.consents ?? {}) as Record<string, unknown>
  const after = (next.consents ?? {}) as Record<string, unknown>
  return Object.keys(after).sort()
    .filter(channel => after[channel] && !deepEqual(before[channel], after[channel]))
    .map(channel => ({
      id: `clienteling:consents:${next.id}:${channel}:${String(seq)}`,
      type: 'consent.changed',
      occurredAt,
      data: { customerId: next.id, channel: channel as ConsentChannel, consent: after[channel], storeId },
    }))
}
