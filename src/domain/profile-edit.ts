/**
 * Editing a customer in store without losing anyone's change.
 *
 * The form keeps the customer as it was when the associate started (`base`) and their draft.
 * Saving applies only what the associate changed (the difference between base and draft) to
 * the customer as it is in the database at that moment: a phone changed on the web meanwhile
 * stays, a tag added on another tablet stays. Lists change by what was added and removed, not
 * by replacing them. A consent the associate switched is a new capture: granted or withdrawn,
 * by whom, when, where, and the version of the text the customer was shown. Once written, the
 * shared three-way merge (src/shared/merge) reconciles it with what other sides did offline.
 *
 * While the form is open, a change that replicates in updates every field the associate hasn't
 * touched (`rebaseDraft`); touched fields keep the associate's value.
 */
import type { Birthday, Consent, ConsentChannel, CustomerDoc, Language } from '../shared/types'
import { deepEqual } from '../shared/equal'
import { mergeSet } from '../shared/merge'
import { customerKeys, phoneKey } from '../shared/search'

export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['email', 'sms', 'phone', 'post']
/** The version of the consent text shown to the customer (src/i18n/messages/profileEdit.ts holds it). */
export const CONSENT_TEXT_VERSION = '2026-01'

export interface ProfileDraft {
  firstName: string
  lastName: string
  email: string
  phone: string
  language: Language
  sizes: Record<string, string>
  brands: string[]
  categories: string[]
  colours: string[]
  tags: string[]
  /** granted per channel; undefined: never asked */
  consents: Partial<Record<ConsentChannel, boolean>>
  /** 'MM-DD', or '' when the customer gave none (a birthday has no year) */
  birthday: string
}

export type DraftField = keyof ProfileDraft
const DRAFT_FIELDS: readonly DraftField[] = ['firstName', 'lastName', 'email', 'phone', 'language', 'sizes', 'brands', 'categories', 'colours', 'tags', 'consents', 'birthday']

export function draftFrom(c: CustomerDoc): ProfileDraft {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email ?? '',
    phone: c.phone ?? '',
    language: c.language,
    sizes: { ...c.preferences.sizes },
    brands: [...c.preferences.brands],
    categories: [...c.preferences.categories],
    colours: [...c.preferences.colours],
    tags: [...c.tags],
    consents: Object.fromEntries(CONSENT_CHANNELS.filter(ch => c.consents[ch]).map(ch => [ch, c.consents[ch]!.granted])),
    birthday: c.birthday ? `${String(c.birthday.month).padStart(2, '0')}-${String(c.birthday.day).padStart(2, '0')}` : '',
  }
}

export function changedFields(base: ProfileDraft, draft: ProfileDraft): DraftField[] {
  return DRAFT_FIELDS.filter(f => !deepEqual(base[f], draft[f]))
}

/** A replicated change arrived: untouched fields follow it, touched ones keep the draft. */
export function rebaseDraft(base: ProfileDraft, draft: ProfileDraft, master: ProfileDraft): ProfileDraft {
  const next = { ...draft } as Record<DraftField, unknown>
  const at = <T>(d: ProfileDraft, f: DraftField) => (d as unknown as Record<DraftField, T>)[f]
  for (const f of DRAFT_FIELDS) {
    if (deepEqual(base[f], draft[f]))
      next[f] = master[f]
    else if (Array.isArray(draft[f]))
      // A list is a set: what the associate added or removed, on top of the latest list.
      next[f] = mergeSet(at<string[]>(base, f), at<string[]>(master, f), at<string[]>(draft, f))
    else if (typeof draft[f] === 'object' && draft[f] !== null) {
      const [b, m, d] = [at<Record<string, unknown>>(base, f), at<Record<string, unknown>>(master, f), at<Record<string, unknown>>(draft, f)]
      const keys = new Set([...Object.keys(m), ...Object.keys(d)])
      next[f] = Object.fromEntries([...keys].map(k => [k, deepEqual(b[k], d[k]) ? m[k] : d[k]]).filter(([, v]) => v !== undefined))
    }
  }
  return next as unknown as ProfileDraft
}

export type DraftProblem = 'first-name' | 'last-name' | 'email' | 'phone' | 'consent-email' | 'consent-phone' | 'too-long' | 'contact' | 'birthday'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

export function validateDraft(d: ProfileDraft): Partial<Record<DraftField, DraftProblem>> {
  const problems: Partial<Record<DraftField, DraftProblem>> = {}
  if (!d.firstName.trim() || d.firstName.length > 100)
    problems.firstName = d.firstName.trim() ? 'too-long' : 'first-name'
  if (!d.lastName.trim() || d.lastName.length > 100)
    problems.lastName = d.lastName.trim() ? 'too-long' : 'last-name'
  const email = d.email.trim()
  if (email && (email.length > 200 || !EMAIL.test(email)))
    problems.email = 'email'
  const phone = d.phone.trim()
  const digits = phoneKey(phone)
  if (phone && (phone.length > 40 || !/^\+?[\d\s().-]+$/.test(phone) || digits.length < 6 || digits.length > 20))
    problems.phone = 'phone'
  // Consent to a channel needs the contact to reach the customer on it.
  if (d.consents.email && !email)
    problems.consents = 'consent-email'
  else if ((d.consents.sms || d.consents.phone) && !phone)
    problems.consents = 'consent-phone'
  if (d.birthday && !birthdayOf(d.birthday))
    problems.birthday = 'birthday'
  if ([...d.brands, ...d.categories, ...d.colours, ...d.tags].some(v => v.length > 40) || d.tags.length > 30)
    problems.tags ??= 'too-long'
  return problems
}

export interface EditContext {
  associateId: string
  storeId: string
  now: string
}

function applySet(current: readonly string[], base: readonly string[], draft: readonly string[]): string[] {
  const added = draft.filter(v => !base.includes(v))
  const removed = new Set(base.filter(v => !draft.includes(v)))
  return [...new Set([...current.filter(v => !removed.has(v)), ...added])]
}

function applySizes(current: Record<string, string>, base: Record<string, string>, draft: Record<string, string>): Record<string, string> {
  const next = { ...current }
  for (const key of new Set([...Object.keys(base), ...Object.keys(draft)])) {
    if (base[key] === draft[key])
      continue
    if (draft[key])
      next[key] = draft[key]
    else
      delete next[key]
  }
  return next
}

/** The associate's changes (base → draft) applied to the customer as the database holds it now. */
export function applyDraft(current: CustomerDoc, base: ProfileDraft, draft: ProfileDraft, ctx: EditContext): CustomerDoc {
  const changed = new Set(changedFields(base, draft))
  if (!changed.size)
    return current
  const next: CustomerDoc = { ...current, preferences: { ...current.preferences }, consents: { ...current.consents }, updatedAt: ctx.now }
  if (changed.has('firstName'))
    next.firstName = draft.firstName.trim()
  if (changed.has('lastName'))
    next.lastName = draft.lastName.trim()
  if (changed.has('email'))
    next.email = draft.email.trim() || null
  if (changed.has('phone'))
    next.phone = draft.phone.trim() || null
  if (changed.has('language'))
    next.language = draft.language
  if (changed.has('sizes'))
    next.preferences.sizes = applySizes(current.preferences.sizes, base.sizes, draft.sizes)
  for (const f of ['brands', 'categories', 'colours'] as const) {
    if (changed.has(f))
      next.preferences[f] = applySet(current.preferences[f], base[f], draft[f])
  }
  if (changed.has('tags'))
    next.tags = applySet(current.tags, base.tags, draft.tags)
  if (changed.has('birthday'))
    next.birthday = birthdayOf(draft.birthday)
  if (changed.has('consents')) {
    for (const ch of CONSENT_CHANNELS) {
      const granted = draft.consents[ch]
      if (granted !== undefined && granted !== base.consents[ch])
        next.consents[ch] = captureConsent(granted, ctx)
    }
  }
  return { ...next, ...customerKeys(next) }
}

/** 'MM-DD' as a birthday, or null when it is not a day of the year (29 February is one). */
export function birthdayOf(value: string): Birthday | null {
  const match = /^(\d{2})-(\d{2})$/.exec(value)
  if (!match)
    return null
  const [month, day] = [Number(match[1]), Number(match[2])]
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return days && day >= 1 && day <= days ? { month, day } : null
}

export function captureConsent(granted: boolean, ctx: EditContext): Consent {
  return { granted, capturedAt: ctx.now, capturedBy: ctx.associateId, source: ctx.storeId, textVersion: CONSENT_TEXT_VERSION }
}
