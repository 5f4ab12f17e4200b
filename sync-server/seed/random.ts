/**
 * A seeded PRNG for the demo data. Math.random can't be seeded, and seeding twice must
 * write identical documents; each customer gets its own stream (seeded from its index) so
 * customer i is the same whether 10 or 20,000 were asked for.
 */

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
export const YEAR = 365 * DAY

/** FNV-1a over the parts, then a murmur3 finaliser so neighbouring indexes give unrelated seeds. */
export function hashSeed(...parts: (string | number)[]): number {
  const text = parts.join('\u0000')
  let h = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85EBCA6B)
  h ^= h >>> 13
  h = Math.imul(h, 0xC2B2AE35)
  h ^= h >>> 16
  return h >>> 0
}

export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  static of(...parts: (string | number)[]): Rng {
    return new Rng(hashSeed(...parts))
  }

  /** mulberry32: tiny, fast and good enough for test data. */
  next(): number {
    this.state = (this.state + 0x6D2B79F5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length)
      throw new RangeError('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, weight] of entries) total += weight
    let roll = this.next() * total
    for (const [value, weight] of entries) {
      roll -= weight
      if (roll < 0)
        return value
    }
    return entries[entries.length - 1]![0]
  }

  /** Up to n distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items]
    const count = Math.min(n, copy.length)
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i))
      ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
    }
    return copy.slice(0, count)
  }

  /** A millisecond timestamp in [start, end). */
  between(start: number, end: number): number {
    if (end <= start)
      return start
    return Math.floor(start + this.next() * (end - start))
  }

  digits(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10))
    return out
  }
}

const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'))
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'))
const dayPrefixes = new Map<number, string>()

/**
 * Same output as Date#toISOString (integral ms, years 0–9999): that call dominated the
 * profile of 20,000 customers, so the date part is cached per day and the time is arithmetic.
 */
export function isoAt(ms: number): string {
  const whole = Math.floor(ms)
  const day = Math.floor(whole / DAY)
  let prefix = dayPrefixes.get(day)
  if (prefix === undefined) {
    if (dayPrefixes.size > 20_000)
      dayPrefixes.clear()
    prefix = new Date(day * DAY).toISOString().slice(0, 11)
    dayPrefixes.set(day, prefix)
  }
  let rest = whole - day * DAY
  const h = Math.floor(rest / HOUR)
  rest -= h * HOUR
  const m = Math.floor(rest / MINUTE)
  rest -= m * MINUTE
  const s = Math.floor(rest / 1000)
  return `${prefix}${TWO[h]}:${TWO[m]}:${TWO[s]}.${THREE[rest - s * 1000]}Z`
}
