import type { Language } from '../../src/shared/types'
import type { Origin } from './names'
import type { Rng } from './random'
import { foldText } from '../../src/shared/search'
import { IT_FEMALE, IT_MALE, IT_SURNAMES, ORIGINS } from './names'

export interface Person {
  firstName: string
  lastName: string
  gender: 'f' | 'm'
  /** 'it' or an Origin key */
  origin: string
  livesInItaly: boolean
  language: Language
}

const ORIGIN_WEIGHTS = ORIGINS.map(o => [o, o.weight] as const)
const COMMON_SURNAMES = IT_SURNAMES.slice(0, 12)

export function makePerson(rng: Rng): Person {
  // Fashion clienteling books skew female.
  const gender = rng.chance(0.64) ? 'f' : 'm'
  if (rng.chance(0.75)) {
    return {
      firstName: rng.pick(gender === 'f' ? IT_FEMALE : IT_MALE),
      lastName: rng.pick(rng.chance(0.2) ? COMMON_SURNAMES : IT_SURNAMES),
      gender,
      origin: 'it',
      livesInItaly: true,
      language: rng.chance(0.97) ? 'it' : 'en',
    }
  }
  const origin: Origin = rng.weighted(ORIGIN_WEIGHTS)
  const livesInItaly = rng.chance(origin.resident)
  return {
    firstName: rng.pick(gender === 'f' ? origin.female : origin.male),
    lastName: rng.pick(origin.surnames),
    gender,
    origin: origin.key,
    livesInItaly,
    language: livesInItaly && rng.chance(0.55) ? 'it' : 'en',
  }
}

/**
 * Only reserved example domains (RFC 2606): seeded store orders carry these addresses, and
 * a demo pointed at a real SMTP_URL must never mail a stranger.
 */
const DOMAINS = [
  ['example.com', 30], ['example.net', 18], ['example.org', 12], ['mail.example.com', 14],
  ['posta.example.net', 12], ['inbox.example.org', 8], ['studio.example.com', 3], ['azienda.example.net', 3],
] as const

const ascii = (value: string): string => foldText(value).replace(/[^a-z0-9]/g, '')

export function makeEmail(rng: Rng, person: Person): string | null {
  if (rng.chance(0.06))
    return null
  const first = ascii(person.firstName)
  const last = ascii(person.lastName)
  const year = String(rng.int(60, 105) % 100).padStart(2, '0')
  const local = rng.weighted([
    [`${first}.${last}`, 34],
    [`${first}${last}`, 12],
    [`${first[0]}.${last}`, 10],
    [`${first}.${last}${year}`, 14],
    [`${first}_${last}`, 6],
    [`${last}.${first}`, 6],
    [`${first}${year}`, 8],
    [`${first}.${last}${rng.int(1, 999)}`, 10],
  ])
  return `${local}@${rng.weighted(DOMAINS)}`
}

const MOBILE_PREFIXES = [
  '320', '324', '327', '328', '329', '330', '331', '333', '334', '335', '336', '338', '339', '340', '342', '345', '346', '347',
  '348', '349', '350', '351', '366', '380', '388', '389', '391', '392', '393',
]

/** The ways people really type an Italian mobile; phoneKey() must fold them all to one key. */
function italianMobile(rng: Rng): string {
  const p = rng.pick(MOBILE_PREFIXES)
  const d = rng.digits(7)
  return rng.weighted([
    [`+39 ${p} ${d.slice(0, 3)} ${d.slice(3)}`, 30],
    [`${p}${d}`, 22],
    [`${p} ${d.slice(0, 3)} ${d.slice(3)}`, 16],
    [`0039 ${p}-${d}`, 6],
    [`+39${p}${d}`, 14],
    [`${p}/${d}`, 6],
    [`+39 ${p} ${d}`, 6],
  ])
}

const LANDLINE_AREAS = [['02', 8], ['06', 8], ['055', 7], ['011', 7], ['051', 7], ['081', 7], ['041', 7], ['010', 7]] as const

function italianLandline(rng: Rng): string {
  const [area, length] = rng.pick(LANDLINE_AREAS)
  const d = rng.digits(length)
  const split = length - 4
  return rng.chance(0.5) ? `${area} ${d.slice(0, split)} ${d.slice(split)}` : `+39 ${area} ${d}`
}

export function makePhone(rng: Rng, person: Person): string | null {
  if (rng.chance(0.12))
    return null
  if (person.livesInItaly)
    return rng.chance(0.92) ? italianMobile(rng) : italianLandline(rng)
  const origin = ORIGINS.find(o => o.key === person.origin)
  return origin ? origin.phone(n => rng.digits(n)) : italianMobile(rng)
}
