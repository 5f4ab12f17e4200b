/**
 * The basket of the open visit, up to the placed order. The basket lives in localStorage per
 * visit, with the order id made when the basket is first filled: a reload mid-sale loses
 * nothing, and placing twice (a double tap, a retry after a crash) writes one order.
 * Discounts need a reason from management's list and a manager's PIN on this tablet.
 */
import type { SyncProblem } from '../domain/problems'
import type { BasketLine, DiscountInput, DiscountProblem, LineStock, PaymentSplit, SplitPaymentMethod, StorePaymentMethod } from '../domain/checkout'
import type { DiscountReason } from '../shared/types'
import type { ProductHit } from '../models/catalogue'
import type { AssociateDoc, Language, OrderDoc, VisitDoc } from '../shared/types'
import { classifySyncError } from '../domain/problems'
import { defineStore } from 'pinia'
import { monotonicFactory } from 'ulid'
import { computed, ref } from 'vue'
import { getStoreAssociates } from '../db/associates'
import { getCustomerContact, placeOrder } from '../db/orders'
import { basketStock } from '../db/visits'
import { addToBasket, computeTotals, discountFor, isValidEmail, lineProblem, paymentParts, qtyBySku, splitProblem, withQty } from '../domain/checkout'
import { verifyPin } from '../domain/pin'
import { locale } from '../i18n'
import { useDeviceStore } from './device'

const ulid = monotonicFactory()
const KEY_PREFIX = 'clienteling.basket.'

export type CheckoutStatus = 'editing' | 'placing' | 'placed' | 'error'
export type ApprovalResult = 'ok' | 'wrong-pin' | DiscountProblem
export type ReceiptChoice = 'email' | 'none'
export type PlaceProblem = 'empty' | 'discount' | 'payment' | 'split' | 'email' | null

interface Saved {
  orderId: string
  lines: BasketLine[]
  paymentMethod: StorePaymentMethod | null
  /** a mixed payment's amounts per way of paying (absent in baskets saved before splits) */
  split?: PaymentSplit
  receipt: ReceiptChoice
  email: string
  saveEmail: boolean
}

const storage = () => (typeof localStorage === 'undefined' ? null : localStorage)

function read(visitId: string): Saved | null {
  try {
    const raw = storage()?.getItem(KEY_PREFIX + visitId)
    return raw ? JSON.parse(raw) as Saved : null
  }
  catch {
    return null
  }
}

export const useCheckoutStore = defineStore('checkout', () => {
  /** what went wrong last (kind and code: a full disk is not a refused change), for the screen */
  const failure = ref<SyncProblem | null>(null)
  const visitId = ref<string | null>(null)
  const saved = ref<Saved | null>(null)
  const status = ref<CheckoutStatus>('editing')
  const placed = ref<OrderDoc | null>(null)
  const customerEmail = ref<string | null>(null)
  const customerLanguage = ref<Language | null>(null)

  const lines = computed(() => saved.value?.lines ?? [])
  /** On hand per SKU of the basket, read when the basket's SKUs change (warnings only). */
  const stock = ref<Record<string, LineStock>>({})
  const count = computed(() => lines.value.reduce((n, l) => n + l.qty, 0))
  const qtyOfSku = computed(() => qtyBySku(lines.value))
  const vatRateBp = computed(() => useDeviceStore().store?.vatRateBp ?? 2200)
  const currency = computed(() => useDeviceStore().store?.currency ?? 'EUR')
  const totals = computed(() => computeTotals(lines.value, vatRateBp.value))

  /** The SKUs of the basket, one string: the checkout reads their stock again when it changes. */
  const skuKey = computed(() => [...new Set(lines.value.map(l => l.sku))].sort().join('|'))
  let stockAsked = 0
  /** Reads the basket's stock for the checkout's warnings; an older answer never overwrites a newer one. */
  async function refreshStock(): Promise<void> {
    const asked = ++stockAsked
    const storeId = useDeviceStore().storeId
    const skus = skuKey.value ? skuKey.value.split('|') : []
    try {
      const found = storeId && skus.length ? await basketStock(storeId, skus) : {}
      if (asked === stockAsked)
        stock.value = found
    }
    catch {
      // No warning rather than a broken checkout: the sale does not depend on it.
    }
  }

  function fresh(): Saved {
    return { orderId: ulid(), lines: [], paymentMethod: null, receipt: 'email', email: '', saveEmail: false }
  }

  function persist(): void {
    if (!visitId.value || !saved.value)
      return
    try {
      storage()?.setItem(KEY_PREFIX + visitId.value, JSON.stringify(saved.value))
    }
    catch {
      // A full localStorage: the basket lives for this session only.
    }
  }

  function update(change: (s: Saved) => Saved): void {
    saved.value = change(saved.value ?? fresh())
    persist()
  }

  /** The basket of this visit (an empty one the first time); the customer's address prefilled. */
  async function load(visit: VisitDoc): Promise<void> {
    if (visitId.value !== visit.id) {
      visitId.value = visit.id
      saved.value = read(visit.id)
      placed.value = null
      status.value = 'editing'
    }
    const contact = visit.customerId ? await getCustomerContact(visit.customerId) : null
    customerEmail.value = contact?.email ?? null
    customerLanguage.value = contact?.language ?? null
    if (saved.value && !saved.value.email && contact?.email)
      update(s => ({ ...s, email: contact.email! }))
  }

  function add(hit: ProductHit, size: string): void {
    const p = hit.product
    update(s => ({ ...s, lines: addToBasket(s.lines, { sku: p.sku, name: p.name, size, unitPriceMinor: p.priceMinor }) }))
    if (!saved.value!.email && customerEmail.value)
      update(s => ({ ...s, email: customerEmail.value! }))
  }

  function setQty(index: number, qty: number): void {
    update(s => ({ ...s, lines: s.lines.map((l, i) => (i === index ? withQty(l, qty) : l)) }))
  }

  function remove(index: number): void {
    update(s => ({ ...s, lines: s.lines.filter((_, i) => i !== index) }))
  }

  async function managers(): Promise<AssociateDoc[]> {
    const storeId = useDeviceStore().storeId
    if (!storeId)
      return []
    return (await getStoreAssociates(storeId)).filter(a => a.role === 'manager' && a.active)
  }

  /** Applies a discount once the manager's PIN checks out on this tablet. */
  async function approveDiscount(index: number, input: DiscountInput, reason: DiscountReason, managerId: string, pin: string): Promise<ApprovalResult> {
    const line = lines.value[index]
    if (!line)
      return 'not-positive'
    const amount = discountFor(line, input)
    if ('problem' in amount)
      return amount.problem
    const manager = (await managers()).find(m => m.id === managerId)
    if (!manager || !await verifyPin(pin, manager.pin))
      return 'wrong-pin'
    update(s => ({ ...s, lines: s.lines.map((l, i) => (i === index ? { ...l, discountMinor: amount.minor, discountReason: reason, discountApprovedBy: manager.id } : l)) }))
    return 'ok'
  }

  function clearDiscount(index: number): void {
    update(s => ({ ...s, lines: s.lines.map((l, i) => (i === index ? { ...l, discountMinor: 0, discountReason: null, discountApprovedBy: null } : l)) }))
  }

  function setPayment(method: StorePaymentMethod): void {
    update(s => ({ ...s, paymentMethod: method }))
  }

  /** One part of a mixed payment; null clears it. */
  function setSplit(method: SplitPaymentMethod, amountMinor: number | null): void {
    update(s => ({ ...s, split: { ...s.split, [method]: amountMinor ?? undefined } }))
  }

  function setReceipt(choice: ReceiptChoice, email?: string, saveEmail?: boolean): void {
    update(s => ({ ...s, receipt: choice, email: email ?? s.email, saveEmail: saveEmail ?? s.saveEmail }))
  }

  const problem = computed<PlaceProblem>(() => {
    const s = saved.value
    if (!s || !s.lines.length)
      return 'empty'
    if (s.lines.some(l => lineProblem(l)))
      return 'discount'
    if (!s.paymentMethod)
      return 'payment'
    if (s.paymentMethod === 'mixed' && splitProblem(paymentParts(s.split ?? {}), totals.value.totalMinor))
      return 'split'
    if (s.receipt === 'email' && !isValidEmail(s.email.trim()))
      return 'email'
    return null
  })

  async function place(visit: VisitDoc): Promise<OrderDoc | null> {
    const s = saved.value
    if (!s || problem.value || status.value === 'placing')
      return null
    status.value = 'placing'
    try {
      const email = s.receipt === 'email' ? s.email.trim() : null
      const order = await placeOrder({
        orderId: s.orderId,
        visit,
        basket: s.lines,
        paymentMethod: s.paymentMethod!,
        payments: s.paymentMethod === 'mixed' ? paymentParts(s.split ?? {}) : undefined,
        receiptEmail: email,
        receiptLanguage: customerLanguage.value ?? locale.value,
        saveEmailToProfile: !!email && s.saveEmail && email !== customerEmail.value,
      })
      placed.value = order
      status.value = 'placed'
      storage()?.removeItem(KEY_PREFIX + visit.id)
      return order
    }
    catch (error) {
      failure.value = classifySyncError(error)
      status.value = 'error'
      return null
    }
  }

  return {
    failure,
    visitId, lines, stock, skuKey, refreshStock, count, qtyOfSku, totals, currency, status, placed, problem, customerEmail,
    paymentMethod: computed(() => saved.value?.paymentMethod ?? null),
    split: computed<PaymentSplit>(() => saved.value?.split ?? {}),
    receipt: computed(() => saved.value?.receipt ?? 'email'),
    email: computed(() => saved.value?.email ?? ''),
    saveEmail: computed(() => saved.value?.saveEmail ?? false),
    load, add, setQty, remove, managers, approveDiscount, clearDiscount, setPayment, setSplit, setReceipt, place,
  }
})
