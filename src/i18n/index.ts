/**
 * Italian and English. Messages live per domain in ./messages (each file `{ en, it }`) and
 * are addressed as 'domain.key'. A message may have a plural form 'one | other', chosen by
 * the `count` parameter. Numbers, money and dates always go through Intl in the current
 * locale, so "€ 1.234,50" and "22 nov 2026, 10:42" read as an Italian associate expects.
 */
import { ref } from 'vue'
import { messageCatalog } from './messages'

export type Locale = 'it' | 'en'
export const LOCALES: Locale[] = ['it', 'en']
type Params = Record<string, string | number>

const STORAGE_KEY = 'clienteling.locale'

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null
  if (saved === 'it' || saved === 'en')
    return saved
  const browser = typeof navigator !== 'undefined' ? navigator.language : 'it'
  return browser.toLowerCase().startsWith('en') ? 'en' : 'it'
}

export const locale = ref<Locale>(initialLocale())

export function setLocale(next: Locale): void {
  locale.value = next
  localStorage.setItem(STORAGE_KEY, next)
  document.documentElement.lang = next
}

export function t(key: string, params: Params = {}): string {
  const catalog = messageCatalog[locale.value]
  let message = catalog[key] ?? messageCatalog.en[key] ?? key
  if (message.includes(' | ')) {
    const [one = '', other = ''] = message.split(' | ')
    message = params.count === 1 ? one : other
  }
  return message.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    return value === undefined ? `{${name}}` : typeof value === 'number' ? formatNumber(value) : value
  })
}

const tag = () => (locale.value === 'it' ? 'it-IT' : 'en-GB')

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(tag()).format(value)
}

export function formatMoney(minor: number, currency = 'EUR'): string {
  return new Intl.NumberFormat(tag(), { style: 'currency', currency }).format(minor / 100)
}

/** An amount as one types it in a field, without currency or grouping: "12,10" / "12.10". */
export function formatAmountInput(minor: number): string {
  return new Intl.NumberFormat(tag(), { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(minor / 100)
}

export function formatDate(iso: string | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(tag(), options).format(typeof iso === 'string' ? new Date(iso) : iso)
}

/** A calendar day ("2026-12-01") as the locale writes it short: "1 dic" / "Dec 1". */
export function formatDayMonth(day: string): string {
  return new Intl.DateTimeFormat(tag(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`))
}

export function formatDateTime(iso: string | Date): string {
  return formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' })
}

export function formatTime(iso: string | Date): string {
  return formatDate(iso, { hour: '2-digit', minute: '2-digit' })
}

/** "3 days ago", "in 2 hours": for timelines and "data as of". */
export function formatRelative(iso: string | Date, now: Date = new Date()): string {
  const then = typeof iso === 'string' ? new Date(iso) : iso
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000)
  const rtf = new Intl.RelativeTimeFormat(tag(), { numeric: 'auto' })
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60]]
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size)
      return rtf.format(Math.round(seconds / size), unit)
  }
  return rtf.format(0, 'minute')
}
