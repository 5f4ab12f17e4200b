/**
 * Identity resolution: two profiles found to be one person (same e-mail, same normalised
 * phone, or a manager's decision) become one. Unlike a replication conflict there is no
 * common base, so the rule is about evidence, not edits:
 *
 * - The survivor is the older profile (earliest `createdAt`, then the smaller id), so the
 *   answer is the same whichever profile reached the server first and on every replay.
 * - The survivor's values stand; an empty field (no e-mail, no phone, no loyalty card)
 *   takes the other profile's. Nothing a person typed is lost: the other profile's e-mail
 *   or phone, when the survivor has a different one, is kept in `otherContacts` (with the
 *   profile it came from), as are the other profile's own other contacts. The better tier wins, sets (tags, brands…) are united, a
 *   size per category stays the survivor's unless only the other knows it.
 * - Consent per channel is evidence of what the customer said: the later capture wins,
 *   whichever profile holds it (as in the replication merge).
 * - The merged-away profile becomes a tombstone with no personal data that names the
 *   survivor (`mergedInto`), so a tablet that still holds it can follow.
 *
 * Carts and wishlists are united per item (sku + size): the survivor's item stands, with
 * the larger quantity of the two.
 */
import type { CartItem, CustomerDoc, OtherContact, Tier, WithDeleted } from '../types'
import { customerTombstone } from '../personal-data'
import { customerKeys, emailKey, phoneKey } from '../search'
import { mergeConsent } from './customer'
import { compareIso } from './fields'
import { itemKey } from './items'

const TIERS: readonly Tier[] = ['member', 'silver', 'gold', 'platinum']
const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'post'] as const

type Customer = WithDeleted<CustomerDoc>

/** The profile that survives a merge of the two: the older one. */
export function survivorOf<T extends Pick<CustomerDoc, 'id' | 'createdAt'>>(a: T, b: T): T {
  const order = compareIso(a.createdAt, b.createdAt)
  if (order !== 0)
    return order < 0 ? a : b
  return a.id < b.id ? a : b
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])]
const filled = <T>(a: T | null | undefined, b: T | null | undefined): T | null => (a === null || a === undefined || a === '' ? (b ?? null) : a)

export function mergeIdentities(survivor: Customer, other: Customer, at: string): Customer {
  const consents: CustomerDoc['consents'] = {}
  for (const channel of CONSENT_CHANNELS) {
    const a = survivor.consents[channel]
    const b = other.consents[channel]
    // No base: the later capture wins; on a tie the survivor's stands.
    const consent = a && b ? mergeConsent(a, a, b) : (a ?? b)
    if (consent)
      consents[channel] = { ...consent }
  }
  const merged = {
    ...structuredClone(survivor),
    firstName: filled(survivor.firstName, other.firstName) ?? '',
    lastName: filled(survivor.lastName, other.lastName) ?? '',
    email: filled(survivor.email, other.email),
    phone: filled(survivor.phone, other.phone),
    loyaltyId: filled(survivor.loyaltyId, other.loyaltyId),
    homeStoreId: filled(survivor.homeStoreId, other.homeStoreId),
    tier: TIERS[Math.max(TIERS.indexOf(survivor.tier), TIERS.indexOf(other.tier))] ?? survivor.tier,
    preferences: {
      sizes: { ...other.preferences.sizes, ...survivor.preferences.sizes },
      brands: union(survivor.preferences.brands, other.preferences.brands),
      categories: union(survivor.preferences.categories, other.preferences.categories),
      colours: union(survivor.preferences.colours, other.preferences.colours),
    },
    consents,
    tags: union(survivor.tags, other.tags),
    createdAt: compareIso(other.createdAt, survivor.createdAt) < 0 ? other.createdAt : survivor.createdAt,
    updatedAt: at,
    _deleted: false,
  }
  // Absent, as on any profile never merged, when nothing needed keeping.
  const kept = keptContacts(merged, survivor, other, at)
  return { ...merged, ...(kept.length ? { otherContacts: kept } : {}), ...customerKeys(merged) }
}

/** Compared normalised; a value with no normal form (a phone without digits) as written. */
const contactKey = (kind: OtherContact['kind'], value: string) => `${kind}:${(kind === 'email' ? emailKey(value) : phoneKey(value)) || value}`
const MAX_OTHER_CONTACTS = 20

/**
 * The contacts the merged profile would otherwise lose: every e-mail and phone of either
 * profile, other than the ones the merged profile shows, once each. Past the schema's 20,
 * the oldest go first.
 */
function keptContacts(merged: Pick<CustomerDoc, 'email' | 'phone'>, survivor: Customer, other: Customer, at: string): OtherContact[] {
  const shown = new Set<string>()
  for (const kind of ['email', 'phone'] as const) {
    if (merged[kind])
      shown.add(contactKey(kind, merged[kind]))
  }
  const candidates: OtherContact[] = [
    ...(survivor.otherContacts ?? []),
    ...(other.otherContacts ?? []),
    ...(['email', 'phone'] as const).flatMap(kind => (other[kind] ? [{ kind, value: other[kind]!, fromCustomerId: other.id, addedAt: at }] : [])),
  ]
  const out: OtherContact[] = []
  for (const c of candidates) {
    const key = contactKey(c.kind, c.value)
    if (!shown.has(key)) {
      shown.add(key)
      out.push({ ...c })
    }
  }
  return out.slice(-MAX_OTHER_CONTACTS)
}

/** What is left of a merged-away profile: nothing personal, and where it went. */
export function identityTombstone(customer: Customer, survivorId: string, at: string): Customer {
  return { ...customerTombstone(customer, at), mergedInto: survivorId }
}

export function uniteItems(survivor: readonly CartItem[], other: readonly CartItem[]): CartItem[] {
  const out = new Map(survivor.map(item => [itemKey(item), { ...item }]))
  for (const item of other) {
    const key = itemKey(item)
    const kept = out.get(key)
    if (!kept)
      out.set(key, { ...item })
    else if (item.qty > kept.qty)
      kept.qty = item.qty
  }
  return [...out.values()]
}
