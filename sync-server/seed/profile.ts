import type { Consent, ConsentChannel, CustomerPreferences, Tier } from '../../src/shared/types'
import type { Person } from './contact'
import type { Rng } from './random'
import { BRANDS, PREFERRED_COLOURS, SIZE_SYSTEMS } from './catalog-data'
import { isoAt, MINUTE } from './random'

const ALL_BRANDS = Object.values(BRANDS).flat()

type Weights<T> = readonly (readonly [T, number])[]
const LETTER_SIZES: Weights<number> = [[0, 2], [1, 4], [2, 4], [3, 2], [4, 1]]
const CATEGORY_COUNTS: Weights<number> = [[0, 10], [1, 25], [2, 35], [3, 20], [4, 10]]
const BRAND_COUNTS: Weights<number> = [[0, 30], [1, 35], [2, 25], [3, 10]]
const COLOUR_COUNTS: Weights<number> = [[0, 30], [1, 30], [2, 25], [3, 15]]

const LIKED_CATEGORIES: Record<Person['gender'], Weights<string>> = {
  f: [['dresses', 9], ['bags', 9], ['shoes', 8], ['knitwear', 6], ['skirts', 5], ['tops', 5], ['jewellery', 5], ['coats', 4], ['jackets', 4], ['jeans', 4], ['scarves', 3], ['sneakers', 3], ['boots', 3], ['sunglasses', 2]],
  m: [['shirts', 9], ['knitwear', 7], ['jackets', 7], ['trousers', 6], ['sneakers', 6], ['shoes', 5], ['jeans', 5], ['coats', 4], ['wallets', 4], ['belts', 4], ['tops', 3], ['sunglasses', 2], ['hats', 1]],
}

/** Which size a customer would give for a category: the size systems of catalog-data. */
function sizeIn(category: string, person: Person, base: { letter: number, shoe: number, waist: number }): string | null {
  switch (category) {
    case 'jeans': return SIZE_SYSTEMS.jeans[base.waist] ?? null
    case 'shoes': case 'sneakers': case 'boots': return String(base.shoe)
    case 'belts': return SIZE_SYSTEMS.belt[Math.min(6, base.letter + 1)] ?? null
    case 'hats': return SIZE_SYSTEMS.hat[Math.min(2, Math.max(0, base.letter - 1))] ?? null
    case 'bags': case 'wallets': case 'scarves': case 'sunglasses': case 'jewellery': return null
    default: return (person.gender === 'f' ? SIZE_SYSTEMS.letter : SIZE_SYSTEMS.letterMen)[base.letter] ?? null
  }
}

export function makePreferences(rng: Rng, person: Person): CustomerPreferences {
  const female = person.gender === 'f'
  const base = {
    letter: rng.weighted(LETTER_SIZES),
    shoe: female ? rng.int(36, 40) + (rng.chance(0.1) ? 1 : 0) : rng.int(40, 45) + (rng.chance(0.1) ? 1 : 0),
    waist: female ? rng.int(0, 5) : rng.int(4, 9),
  }
  const categories: string[] = []
  const wanted = rng.weighted(CATEGORY_COUNTS)
  for (let i = 0; i < wanted * 3 && categories.length < wanted; i++) {
    const c = rng.weighted(LIKED_CATEGORIES[person.gender])
    if (!categories.includes(c))
      categories.push(c)
  }
  // Most people give their everyday size and shoe size even without a favourite category.
  const sized = [...categories, ...(rng.chance(0.6) ? ['shoes'] : []), ...(rng.chance(0.5) ? [female ? 'tops' : 'shirts'] : [])]
  const sizes: Record<string, string> = {}
  for (const c of sized) {
    const size = sizeIn(c, person, base)
    if (size)
      sizes[c] = size
  }
  return {
    sizes,
    brands: rng.sample(ALL_BRANDS, rng.weighted(BRAND_COUNTS)),
    categories,
    colours: rng.sample(PREFERRED_COLOURS, rng.weighted(COLOUR_COUNTS)),
  }
}

/** The privacy notice versions a customer could have been shown, by the date they took effect. */
const CONSENT_TEXTS: readonly (readonly [number, string])[] = [
  [Date.parse('2018-05-25T00:00:00Z'), 'informativa-2018.1'],
  [Date.parse('2021-09-15T00:00:00Z'), 'informativa-2021.2'],
  [Date.parse('2023-03-01T00:00:00Z'), 'informativa-2023.1'],
  [Date.parse('2024-10-01T00:00:00Z'), 'informativa-2024.2'],
]

function consentTextAt(ms: number): string {
  let version = CONSENT_TEXTS[0]![1]
  for (const [from, v] of CONSENT_TEXTS) {
    if (ms >= from)
      version = v
  }
  return version
}

/** Where and when the customer was met: sign-up, or a later visit or login. */
export interface Touchpoint {
  at: number
  /** 'web', 'app' or a store id */
  source: string
  /** an associate id, or 'customer' online */
  by: string
}

export function capture(where: Touchpoint, granted: boolean): Consent {
  return { granted, capturedAt: isoAt(where.at), capturedBy: where.by, source: where.source, textVersion: consentTextAt(where.at) }
}

export function makeConsents(rng: Rng, signup: Touchpoint, later: () => Touchpoint, has: { email: boolean, phone: boolean }): Partial<Record<ConsentChannel, Consent>> {
  const consents: Partial<Record<ConsentChannel, Consent>> = {}
  const when = () => rng.chance(0.7) ? { ...signup, at: signup.at + rng.int(0, 10 * MINUTE) } : later()
  if (has.email && rng.chance(0.9))
    consents.email = capture(when(), rng.chance(0.8))
  if (has.phone && rng.chance(0.45))
    consents.sms = capture(when(), rng.chance(0.7))
  if (has.phone && rng.chance(0.15))
    consents.phone = capture(when(), rng.chance(0.6))
  if (rng.chance(0.1))
    consents.post = capture(when(), rng.chance(0.7))
  return consents
}

export function tierFor(lifetimeValueMinor: number, hasLoyalty: boolean): Tier {
  if (!hasLoyalty)
    return 'member'
  if (lifetimeValueMinor >= 400_000)
    return 'platinum'
  if (lifetimeValueMinor >= 200_000)
    return 'gold'
  return lifetimeValueMinor >= 80_000 ? 'silver' : 'member'
}

/** Loyalty numbers look random but are a bijection of the index, so they never collide. */
export const loyaltyIdFor = (index: number): string => `LOY-${10_000_000 + ((index * 7_919_993 + 4_242_421) % 90_000_000)}`
