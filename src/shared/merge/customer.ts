/**
 * Customer merge: the generic three-way field rule (see fields.ts) plus what a profile
 * needs on top of it.
 *
 * - Tags and the preferred brands, categories and colours are sets, so a tag the web
 *   added survives the tablet removing another.
 * - Marketing consent is evidence of what the customer said and when: per channel the
 *   capture with the latest `capturedAt` wins whichever side holds it, so an older store
 *   capture replayed from an offline tablet cannot undo a later opt-out on the web.
 * - `lifetimeValueMinor` is computed by the server from orders, and `createdAt` never
 *   changes once written: the master's value stands (a tablet's would be rejected anyway).
 * - The search keys are derived, so they are recomputed from the merged name, e-mail and
 *   phone rather than merged themselves.
 */
import type { Consent, ConsentChannel, CustomerDoc, WithDeleted } from '../types'
import { collectionRules } from '../collections'
import { deepEqual } from '../equal'
import { customerKeys } from '../search'
import { compareIso, mergeFields } from './fields'

type Consents = CustomerDoc['consents']

const SETS = ['tags', 'preferences.brands', 'preferences.categories', 'preferences.colours']
const DERIVED = ['nameKey', 'nameKeyAlt', 'emailKey', 'phoneKey']
const CHANNELS: readonly ConsentChannel[] = ['email', 'sms', 'phone', 'post']

/**
 * A removal is not a capture, so it cannot beat one; only a channel the master dropped
 * while the tablet left it alone stays dropped. Equal instants go to the tablet if it
 * touched the channel.
 */
export function mergeConsent(assumed: Consent | undefined, master: Consent | undefined, next: Consent | undefined): Consent | undefined {
  const touched = !deepEqual(assumed, next)
  if (!master)
    return touched ? next : undefined
  if (!next)
    return master
  const order = compareIso(next.capturedAt, master.capturedAt)
  if (order !== 0)
    return order > 0 ? next : master
  return touched ? next : master
}

export function mergeConsents(assumed: Consents | undefined, master: Consents, next: Consents): Consents {
  const out: Consents = {}
  for (const channel of CHANNELS) {
    const consent = mergeConsent(assumed?.[channel], master[channel], next[channel])
    if (consent)
      out[channel] = { ...consent }
  }
  return out
}

export function mergeCustomer(
  assumed: WithDeleted<CustomerDoc> | null,
  master: WithDeleted<CustomerDoc>,
  next: WithDeleted<CustomerDoc>,
): WithDeleted<CustomerDoc> {
  const { serverFields, immutableFields } = collectionRules.customers
  const merged = mergeFields(assumed, master, next, {
    sets: SETS,
    keepMaster: [...serverFields, ...immutableFields, 'consents', ...DERIVED],
  })
  return {
    ...merged,
    consents: mergeConsents(assumed?.consents, master.consents ?? {}, next.consents ?? {}),
    ...customerKeys(merged),
  }
}
