/**
 * Registering a customer in store, offline too. While the associate types, customers already
 * on the tablet who look like the same person are offered, strongest reason first: the same
 * e-mail, the same phone once normalised ("+39 333 123 4567" = "3331234567"), or the same
 * name. Picking one opens that profile instead of creating a twin; the server's identity
 * resolution (issue 5) is the safety net for twins made on two offline tablets.
 */
import type { EditContext, ProfileDraft } from './profile-edit'
import type { CustomerDoc } from '../shared/types'
import { customerKeys } from '../shared/search'
import { birthdayOf, CONSENT_CHANNELS, captureConsent } from './profile-edit'

export type MatchReason = 'email' | 'phone' | 'name'

export interface Candidate {
  customer: Pick<CustomerDoc, 'id' | 'firstName' | 'lastName' | 'email' | 'phone' | 'loyaltyId' | 'emailKey' | 'phoneKey' | 'nameKey'>
  reason: MatchReason
}

const RANK: Record<MatchReason, number> = { email: 0, phone: 1, name: 2 }

export function emptyDraft(language: ProfileDraft['language']): ProfileDraft {
  return { firstName: '', lastName: '', email: '', phone: '', language, sizes: {}, brands: [], categories: [], colours: [], tags: [], consents: {}, birthday: '' }
}

/** The search keys a draft would have, for finding look-alikes. */
export function draftKeys(d: ProfileDraft) {
  return customerKeys({ firstName: d.firstName, lastName: d.lastName, email: d.email.trim() || null, phone: d.phone.trim() || null, loyaltyId: null })
}

/** Why each customer looks like the draft (the strongest reason), best first; others left out. */
export function rankCandidates(d: ProfileDraft, customers: Candidate['customer'][]): Candidate[] {
  const keys = draftKeys(d)
  const out = new Map<string, Candidate>()
  for (const c of customers) {
    const reason: MatchReason | null = keys.emailKey && c.emailKey === keys.emailKey
      ? 'email'
      : keys.phoneKey.length >= 6 && c.phoneKey === keys.phoneKey
        ? 'phone'
        : keys.nameKey.includes(' ') && c.nameKey === keys.nameKey ? 'name' : null
    const known = out.get(c.id)
    if (reason && (!known || RANK[reason] < RANK[known.reason]))
      out.set(c.id, { customer: c, reason })
  }
  return [...out.values()].sort((a, b) => RANK[a.reason] - RANK[b.reason] || a.customer.nameKey.localeCompare(b.customer.nameKey))
}

/** The new customer's document: this store is their home, the consents captured now. */
export function newCustomer(id: string, d: ProfileDraft, ctx: EditContext & { currency: string }): CustomerDoc {
  const base = {
    id,
    updatedAt: ctx.now,
    firstName: d.firstName.trim(),
    lastName: d.lastName.trim(),
    email: d.email.trim() || null,
    phone: d.phone.trim() || null,
    language: d.language,
    loyaltyId: null,
    tier: 'member' as const,
    homeStoreId: ctx.storeId,
    preferences: { sizes: { ...d.sizes }, brands: [...d.brands], categories: [...d.categories], colours: [...d.colours] },
    consents: Object.fromEntries(CONSENT_CHANNELS.filter(ch => d.consents[ch] !== undefined).map(ch => [ch, captureConsent(d.consents[ch]!, ctx)])),
    tags: [...d.tags],
    ...(birthdayOf(d.birthday) ? { birthday: birthdayOf(d.birthday) } : {}),
    lifetimeValueMinor: 0,
    currency: ctx.currency,
    createdAt: ctx.now,
  }
  return { ...base, ...customerKeys(base) }
}
