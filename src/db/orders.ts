/**
 * The assisted sale, written to the tablet's database first: the order (its id made here,
 * once per basket, so a double tap or a retry after a reload finds the order already
 * written instead of placing a second one), one 'purchase' interaction per line on the
 * visit, the visit ended with outcome 'purchase', and the bought pieces taken out of the
 * customer's online cart so the profile is right at once, offline too. (The server does the
 * same to its cart when the order arrives: sync-server/sync/sale-cart.ts.)
 */
import type { BasketLine, StorePaymentMethod } from '../domain/checkout'
import type { CustomerDoc, Language, OrderDoc, PaymentPart, StoreDoc, VisitDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { computeTotals, splitProblem } from '../domain/checkout'
import { removeBought } from '../shared/cart'
import { customerKeys } from '../shared/search'
import { getAppDatabase } from './app-database'
import { logInteraction } from './visits'

export interface PlaceOrderInput {
  orderId: string
  visit: VisitDoc
  basket: readonly BasketLine[]
  paymentMethod: StorePaymentMethod
  /** a mixed payment's parts; they must add up to the total */
  payments?: PaymentPart[]
  /** null: no receipt by e-mail */
  receiptEmail: string | null
  receiptLanguage: Language
  /** the associate captured a new address and the customer wants it on their profile */
  saveEmailToProfile: boolean
}

export async function placeOrder(input: PlaceOrderInput, db?: ClientelingDatabase): Promise<OrderDoc> {
  const database = db ?? await getAppDatabase()
  const existing = await database.orders.findOne(input.orderId).exec()
  if (existing)
    return existing.toJSON() as OrderDoc
  if (!input.basket.length)
    throw new Error('The basket is empty.')
  const { visit } = input
  const store = (await database.stores.findOne(visit.storeId).exec())?.toJSON() as StoreDoc | undefined
  if (!store)
    throw new Error(`Store ${visit.storeId} is not on this tablet.`)
  const totals = computeTotals(input.basket, store.vatRateBp)
  // The server refuses a split that doesn't add up: better never to write it.
  if (input.paymentMethod === 'mixed' && input.payments && splitProblem(input.payments, totals.totalMinor))
    throw new Error('The parts of the mixed payment do not add up to the total.')
  const now = new Date().toISOString()
  const order: OrderDoc = {
    id: input.orderId,
    updatedAt: now,
    channel: 'store',
    storeId: visit.storeId,
    associateId: visit.associateId,
    customerId: visit.customerId,
    visitId: visit.id,
    placedAt: now,
    currency: store.currency,
    lines: totals.lines,
    subtotalMinor: totals.subtotalMinor,
    discountMinor: totals.discountMinor,
    vatRateBp: totals.vatRateBp,
    vatMinor: totals.vatMinor,
    totalMinor: totals.totalMinor,
    paymentMethod: input.paymentMethod,
    ...(input.paymentMethod === 'mixed' && input.payments ? { payments: input.payments } : {}),
    receipt: { email: input.receiptEmail, language: input.receiptLanguage, status: input.receiptEmail ? 'queued' : 'none', reason: null, sentAt: null },
  }
  await database.orders.insert(order)
  for (const line of order.lines)
    await logInteraction({ visit, type: 'purchase', sku: line.sku, size: line.size, text: order.id }, database)
  const visitDoc = await database.visits.findOne(visit.id).exec()
  await visitDoc?.incrementalModify(v => (v.outcome === 'open' ? { ...v, outcome: 'purchase', endedAt: now, orderId: order.id, updatedAt: now } : v))
  if (visit.customerId)
    await afterSaleForCustomer(database, visit.customerId, order, input)
  return order
}

async function afterSaleForCustomer(db: ClientelingDatabase, customerId: string, order: OrderDoc, input: PlaceOrderInput): Promise<void> {
  const cart = await db.carts.findOne(customerId).exec()
  if (cart) {
    await cart.incrementalModify((c) => {
      const items = removeBought(c.items, order.lines)
      return items.length === c.items.length && items.every((item, i) => item === c.items[i]) ? c : { ...c, items, updatedAt: order.placedAt }
    })
  }
  const email = input.receiptEmail
  if (input.saveEmailToProfile && email) {
    const customer = await db.customers.findOne(customerId).exec()
    await customer?.incrementalModify((c) => {
      if (c.email === email)
        return c
      const next: CustomerDoc = { ...c, email, updatedAt: order.placedAt }
      return { ...next, ...customerKeys(next) }
    })
  }
}

/** The receipt's defaults: the customer's address and language. */
export async function getCustomerContact(customerId: string, db?: ClientelingDatabase): Promise<Pick<CustomerDoc, 'email' | 'language' | 'firstName'> | null> {
  const doc = await (db ?? await getAppDatabase()).customers.findOne(customerId).exec()
  return doc ? { email: doc.email, language: doc.language, firstName: doc.firstName } : null
}
