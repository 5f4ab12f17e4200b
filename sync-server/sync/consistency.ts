/**
 * Checks a schema can't express: derived fields that both sides compute with the same
 * shared function, and order arithmetic. Returns a sentence, or null when consistent.
 */
import type { CollectionName, CustomerDoc, OrderDoc } from '../../src/shared/types'
import type { AnyDoc } from '../storage/writer'
import { splitProblem } from '../../src/domain/checkout'
import { isEmailAddress } from '../../src/shared/email'
import { birthdayKey, customerKeys } from '../../src/shared/search'

/**
 * A key added by a later schema version, filled in for a tablet that does not write it yet
 * (an older app with edits still waiting to be pushed): the server derives it the same way.
 */
export function withDerivedFields(collection: CollectionName, doc: AnyDoc): AnyDoc {
  if (collection === 'customers' && doc.birthdayKey === undefined)
    return { ...doc, birthdayKey: birthdayKey((doc as unknown as CustomerDoc).birthday) }
  return doc
}

export function checkDerivedFields(collection: CollectionName, doc: AnyDoc): string | null {
  if (collection === 'customers') {
    const c = doc as unknown as CustomerDoc
    const keys = customerKeys(c)
    const wrong = (Object.keys(keys) as (keyof typeof keys)[]).find(k => c[k] !== keys[k])
    return wrong ? `${wrong} must be the normalised form computed by src/shared/search.ts` : null
  }
  if ((collection === 'carts' || collection === 'wishlists') && doc.id !== doc.customerId)
    return 'its id must equal its customerId (one per customer)'
  if (collection === 'orders')
    return checkOrderArithmetic(doc as unknown as OrderDoc)
  return null
}

function checkOrderArithmetic(order: OrderDoc): string | null {
  // One recipient, a real address: a list or a stray word would send a customer's receipt to strangers.
  if (order.receipt.email !== null && !isEmailAddress(order.receipt.email))
    return 'receipt.email must be one e-mail address'
  for (const [i, line] of order.lines.entries()) {
    if (line.totalMinor !== line.qty * line.unitPriceMinor - line.discountMinor)
      return `line ${i} total must be qty × unit price − discount`
    if (line.discountMinor > 0 && !line.discountReason)
      return `line ${i} has a discount without a reason`
  }
  const subtotal = order.lines.reduce((sum, l) => sum + l.qty * l.unitPriceMinor, 0)
  const discount = order.lines.reduce((sum, l) => sum + l.discountMinor, 0)
  if (order.subtotalMinor !== subtotal || order.discountMinor !== discount || order.totalMinor !== subtotal - discount)
    return 'subtotal, discount and total must add up from the lines'
  const vat = Math.round(order.totalMinor * order.vatRateBp / (10_000 + order.vatRateBp))
  if (Math.abs(order.vatMinor - vat) > order.lines.length)
    return 'VAT must be the VAT included in the total at the order\'s rate'
  // A mixed sale placed before version 2 of the schema has no split: accepted as it was.
  if (order.payments !== undefined) {
    if (order.paymentMethod !== 'mixed')
      return 'payments (a split) belong to a mixed payment only'
    const problem = splitProblem(order.payments, order.totalMinor)
    if (problem)
      return problem === 'split-one-way' ? 'a mixed payment is split between at least two different ways of paying, each a positive amount' : `the parts of the mixed payment must add up to the total (they come to ${problem === 'split-short' ? 'less' : 'more'})`
  }
  return null
}
