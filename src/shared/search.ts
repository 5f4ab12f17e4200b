/**
 * Search normalisation shared by the tablet's lookup and the server's online search.
 * Names fold accents and case and collapse doubled letters ("Niccolò" → "nicolo"), so an
 * associate who types "nicolo" or "rosi" still finds "Niccolò Rossi"; phone numbers keep digits only and
 * drop the Italian country prefix, so "+39 333 123 4567", "0039 3331234567" and
 * "333 123 4567" share one key. The keys are stored on the customer document (derived,
 * recomputed by whoever writes it) so both sides can use indexed prefix ranges.
 */

const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' }

export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036F]/g, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, ch => SPECIAL[ch] ?? ch)
    .replace(/[^a-z0-9@.+]+/g, ' ')
    .trim()
}

/** Name words as search keys: folded, with doubled letters collapsed (double consonants are a common misspelling). */
export function nameTokens(value: string): string[] {
  return foldText(value.replace(/[@.+]/g, ' ')).replace(/(\p{L})\1+/gu, '$1').split(' ').filter(Boolean)
}

/** Loyalty ids as printed on cards or typed: case, spaces and dashes don't matter. */
export function loyaltyKey(value: string | null | undefined): string {
  return value ? value.replace(/[\s-]/g, '').toUpperCase() : ''
}

const HOME_COUNTRY_CODE = '39'

export function phoneKey(value: string | null | undefined): string {
  if (!value)
    return ''
  const trimmed = value.trim()
  let digits = trimmed.replace(/\D/g, '')
  const international = trimmed.startsWith('+') || digits.startsWith('00')
  if (digits.startsWith('00'))
    digits = digits.slice(2)
  if (international && digits.startsWith(HOME_COUNTRY_CODE))
    digits = digits.slice(HOME_COUNTRY_CODE.length)
  return digits
}

export function emailKey(value: string | null | undefined): string {
  return value ? value.trim().toLowerCase() : ''
}

export interface CustomerKeys {
  nameKey: string
  nameKeyAlt: string
  emailKey: string
  phoneKey: string
  loyaltyKey: string
  /** 'MM-DD' of the birthday ('' without one): Today finds this week's birthdays by index */
  birthdayKey: string
}

export function birthdayKey(b: { month: number, day: number } | null | undefined): string {
  return b ? `${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}` : ''
}

export function customerKeys(c: { firstName: string, lastName: string, email: string | null, phone: string | null, loyaltyId: string | null, birthday?: { month: number, day: number } | null }): CustomerKeys {
  const first = nameTokens(c.firstName).join(' ')
  const last = nameTokens(c.lastName).join(' ')
  return {
    nameKey: [last, first].filter(Boolean).join(' '),
    nameKeyAlt: [first, last].filter(Boolean).join(' '),
    emailKey: emailKey(c.email),
    phoneKey: phoneKey(c.phone),
    loyaltyKey: loyaltyKey(c.loyaltyId),
    birthdayKey: birthdayKey(c.birthday),
  }
}

/** What the associate typed, classified so the right index is used. */
export type SearchQuery
  = | { kind: 'empty' }
    | { kind: 'email', key: string }
    | { kind: 'phone', key: string }
    | { kind: 'loyalty', key: string }
    | { kind: 'name', tokens: string[] }

const LOYALTY = /^[A-Z]{2,4}-?\d{4,}$/i

export function parseSearchQuery(raw: string): SearchQuery {
  const text = raw.trim()
  if (!text)
    return { kind: 'empty' }
  if (text.includes('@'))
    return { kind: 'email', key: emailKey(text) }
  if (LOYALTY.test(text.replace(/\s/g, '')))
    return { kind: 'loyalty', key: loyaltyKey(text) }
  if (/^[\d\s+()./-]{4,}$/.test(text) && /\d{3}/.test(text.replace(/\D/g, '')))
    return { kind: 'phone', key: phoneKey(text) }
  const tokens = nameTokens(text)
  return tokens.length ? { kind: 'name', tokens } : { kind: 'empty' }
}

/** Does every typed token prefix some token of the name? ("ross mar" matches "rossi maria") */
export function nameMatches(nameKey: string, tokens: string[]): boolean {
  const words = nameKey.split(' ')
  return tokens.every(t => words.some(w => w.startsWith(t)))
}

/**
 * Online search reaches every store's customers, so it must look one person up rather than
 * list people: a whole e-mail address, phone number or loyalty card, or a first and a last
 * name (two words of two letters or more, five letters in all). "aa" or a surname alone is
 * refused, so no sequence of short prefixes can walk the chain's customer base; the tablet's
 * own search of its store's book has no such rule.
 */
export function isOnlineLookup(query: SearchQuery): boolean {
  switch (query.kind) {
    case 'email':
      return /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(query.key)
    case 'phone':
      return query.key.length >= 6
    case 'loyalty':
      return true
    case 'name':
      return query.tokens.length >= 2 && query.tokens.every(t => t.length >= 2) && query.tokens.join('').length >= 5
    case 'empty':
      return false
  }
}
