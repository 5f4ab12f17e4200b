import type { Channel, OrderDoc, OrderLine, PaymentMethod, Receipt } from '../../src/shared/types'
import type { Shopper } from './picker'
import type { Rng } from './random'
import type { DiscountReason } from '../../src/shared/types'
import { managerOf } from './associates'
import { associateOf, pad } from './picker'
import { DAY, HOUR, isoAt, YEAR } from './random'
import { PHYSICAL_STORE_IDS } from './stores'

export const VAT_RATE_BP = 2200

/** Italian shelf prices include VAT: this is the VAT inside a gross amount. */
export const vatIncluded = (grossMinor: number, rateBp = VAT_RATE_BP): number => Math.round(grossMinor * rateBp / (10_000 + rateBp))

type Weights<T> = readonly (readonly [T, number])[]
const LINE_COUNTS: Weights<number> = [[1, 55], [2, 28], [3, 12], [4, 5]]
// About three orders per customer over three years, some none, a few regulars with eight.
const ORDER_COUNTS: Weights<number> = [[0, 12], [1, 15], [2, 16], [3, 16], [4, 13], [5, 10], [6, 8], [7, 6], [8, 4]]
const STORE_CUSTOMER_CHANNELS: Weights<Channel> = [['store', 55], ['web', 30], ['app', 15]]
const ONLINE_CHANNELS: Weights<Channel> = [['web', 65], ['app', 35]]
const SALE_MONTHS = new Set([0, 1, 6, 7])
const PAYMENTS: Weights<PaymentMethod> = [['card', 70], ['cash', 12], ['mixed', 8], ['gift_card', 5]]

/**
 * A percentage off every line and the reason given. In a store the reason is one of
 * management's codes and the store's manager approves it, as the tablet asks
 * (src/domain/checkout.ts) and the server checks (sync-server/sync/order-rules.ts); the web
 * shop writes its promotions its own way.
 */
interface Discount { percent: number, reason: string, approvedBy: string | null }

function discountFor(s: Shopper, channel: Channel, storeId: string | null, placedAt: number, first: boolean): Discount | null {
  const { rng } = s
  const inStore = (reason: DiscountReason, web: string) => ({ reason: storeId ? reason : web, approvedBy: storeId ? managerOf(storeId) : null })
  // Saldi: January–February and July–August, by law the only season for clearance sales.
  if (SALE_MONTHS.has(new Date(placedAt).getUTCMonth()) && rng.chance(0.5))
    return { percent: rng.pick([20, 30, 40, 50]), ...inStore('promotion', 'Saldi') }
  if (channel === 'store' && s.hasLoyalty && rng.chance(0.1))
    return { percent: 10, ...inStore('loyalty_reward', 'Sconto fedeltà') }
  if (channel !== 'store' && first && rng.chance(0.3))
    return { percent: 10, reason: 'Codice WELCOME10', approvedBy: null }
  return null
}

function lines(s: Shopper, discount: Discount | null): OrderLine[] {
  const { rng } = s
  const count = rng.weighted(LINE_COUNTS)
  const seen = new Set<string>()
  const out: OrderLine[] = []
  for (let attempt = 0; out.length < count && attempt < count * 4; attempt++) {
    const product = s.picker.pick(rng, s.prefs)
    const size = s.picker.size(rng, product, s.prefs)
    const qty = rng.chance(0.08) ? 2 : 1
    const key = `${product.sku}\u0000${size}`
    if (seen.has(key))
      continue
    seen.add(key)
    const gross = qty * product.priceMinor
    const discountMinor = discount ? Math.round(gross * discount.percent / 100) : 0
    out.push({
      sku: product.sku,
      name: product.name,
      size,
      qty,
      unitPriceMinor: product.priceMinor,
      discountMinor,
      discountReason: discount ? discount.reason : null,
      ...(discount?.approvedBy ? { discountApprovedBy: discount.approvedBy } : {}),
      totalMinor: gross - discountMinor,
    })
  }
  return out
}

function storeHours(rng: Rng, at: number): number {
  // 08:30–17:30 UTC is within opening hours in Rome summer and winter alike.
  const day = Math.floor(at / DAY) * DAY
  return day + rng.between(8.5 * HOUR, 17.5 * HOUR)
}

export function makeOrders(s: Shopper): OrderDoc[] {
  const { rng } = s
  const count = rng.weighted(ORDER_COUNTS)
  const from = Math.max(s.createdAtMs, s.nowMs - 3 * YEAR)
  const until = s.nowMs - HOUR
  const plans = Array.from({ length: count }, () => {
    const channel = rng.weighted(s.homeStoreId ? STORE_CUSTOMER_CHANNELS : ONLINE_CHANNELS)
    let at = rng.between(from, until)
    if (channel === 'store') {
      const inHours = storeHours(rng, at)
      at = inHours >= from && inHours <= until ? inHours : at
    }
    return { channel, at }
  }).sort((a, b) => a.at - b.at)

  return plans.map(({ channel, at }, k) => {
    const storeId = channel === 'store' ? (rng.chance(0.85) && s.homeStoreId ? s.homeStoreId : rng.pick(PHYSICAL_STORE_IDS)) : null
    const orderLines = lines(s, discountFor(s, channel, storeId, at, k === 0))
    const subtotalMinor = orderLines.reduce((sum, l) => sum + l.qty * l.unitPriceMinor, 0)
    const discountMinor = orderLines.reduce((sum, l) => sum + l.discountMinor, 0)
    const totalMinor = subtotalMinor - discountMinor
    const sentAt = storeId && s.email ? at + rng.int(5_000, 120_000) : null
    // The tablet's receipt outbox is for store orders; the web shop confirms its own orders.
    const receipt: Receipt = { email: storeId ? s.email : null, language: s.person.language, status: sentAt ? 'sent' : 'none', reason: null, sentAt: sentAt ? isoAt(sentAt) : null }
    // Drawn in the order they always were: the demo data stays the same.
    const associateId = storeId ? associateOf(rng, storeId) : null
    const paymentMethod: PaymentMethod = storeId ? rng.weighted(PAYMENTS) : 'online'
    return {
      id: `ord-${pad(s.index, 7)}-${pad(k + 1, 2)}`,
      updatedAt: isoAt(sentAt ?? at),
      channel,
      storeId,
      associateId,
      customerId: s.id,
      visitId: null,
      placedAt: isoAt(at),
      currency: 'EUR',
      lines: orderLines,
      subtotalMinor,
      discountMinor,
      vatRateBp: VAT_RATE_BP,
      vatMinor: vatIncluded(totalMinor),
      totalMinor,
      ...paymentOf(paymentMethod, totalMinor),
      receipt,
    }
  })
}

/**
 * A mixed payment as a till takes it: most of it by card in whole tens, the rest in cash.
 * Computed, not drawn, so the demo's other random choices stay as they were.
 */
function paymentOf(method: PaymentMethod, totalMinor: number): Pick<OrderDoc, 'paymentMethod' | 'payments'> {
  if (method !== 'mixed')
    return { paymentMethod: method }
  let card = Math.floor(totalMinor * 0.6 / 1000) * 1000
  if (card <= 0 || card >= totalMinor)
    card = Math.floor(totalMinor / 2)
  if (card <= 0)
    return { paymentMethod: 'card' }
  return { paymentMethod: 'mixed', payments: [{ method: 'card', amountMinor: card }, { method: 'cash', amountMinor: totalMinor - card }] }
}
