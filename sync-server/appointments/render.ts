/**
 * The words of an appointment's e-mails, in the customer's language, with the date and time
 * as the store's clock shows them. Plain HTML with the same text alongside: no images, no
 * tracking, nothing but what the customer needs (when, where, with whom, what to bring).
 */
import type { AppointmentDoc, AppointmentPurpose, Language, StoreDoc } from '../../src/shared/types'

export type MailKind = 'request' | 'cancel' | 'reminder-day' | 'reminder-hour'

export const PURPOSE: Record<Language, Record<AppointmentPurpose, string>> = {
  it: { 'styling': 'Consulenza di stile', 'fitting': 'Prova', 'alterations': 'Ritiro sartoria', 'personal-shopping': 'Personal shopping', 'bridal': 'Sposa e cerimonia', 'menswear': 'Uomo su misura' },
  en: { 'styling': 'Styling session', 'fitting': 'Fitting', 'alterations': 'Alterations pick-up', 'personal-shopping': 'Personal shopping', 'bridal': 'Bridal and occasion', 'menswear': 'Menswear tailoring' },
}

const WORDS = {
  it: {
    'request': (what: string, when: string) => `Appuntamento confermato: ${what}, ${when}`,
    'moved': (what: string, when: string) => `Appuntamento spostato: ${what}, ${when}`,
    'cancel': (what: string, when: string) => `Appuntamento annullato: ${what}, ${when}`,
    'reminder-day': (what: string, when: string) => `Promemoria, domani: ${what}, ${when}`,
    'reminder-hour': (what: string, when: string) => `Tra poco: ${what}, ${when}`,
    'hello': (name: string) => `Buongiorno ${name},`,
    'with': (who: string) => `Ti aspetta ${who}.`,
    'where': 'Dove',
    'prepared': 'Avremo pronti per te',
    'cancelled': 'L’appuntamento è stato annullato. Se vuoi fissarne un altro, rispondi a questa e-mail o chiamaci.',
    'calendar': 'L’invito è allegato: il tuo calendario lo aggiunge con un tocco.',
    'manage': 'Per spostarlo o annullarlo',
  },
  en: {
    'request': (what: string, when: string) => `Appointment confirmed: ${what}, ${when}`,
    'moved': (what: string, when: string) => `Appointment moved: ${what}, ${when}`,
    'cancel': (what: string, when: string) => `Appointment cancelled: ${what}, ${when}`,
    'reminder-day': (what: string, when: string) => `Reminder, tomorrow: ${what}, ${when}`,
    'reminder-hour': (what: string, when: string) => `Coming up: ${what}, ${when}`,
    'hello': (name: string) => `Hello ${name},`,
    'with': (who: string) => `${who} will be expecting you.`,
    'where': 'Where',
    'prepared': 'We will have ready for you',
    'cancelled': 'The appointment was cancelled. To book another, reply to this e-mail or call us.',
    'calendar': 'The invite is attached: your calendar adds it with one tap.',
    'manage': 'To move or cancel it',
  },
} as const

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!)

export function formatWhen(start: string, end: string, language: Language, timeZone: string): string {
  const locale = language === 'it' ? 'it-IT' : 'en-GB'
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(start))
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return `${day}, ${time.format(new Date(start))}–${time.format(new Date(end))}`
}

export interface AppointmentMailInput {
  kind: MailKind
  language: Language
  appointment: AppointmentDoc
  customerName: string
  associateName: string
  store: StoreDoc | undefined
  timeZone: string
  /** the appointment's own page (cancel, move); absent for a cancellation */
  manageUrl?: string
}

export function renderAppointmentMail(input: AppointmentMailInput) {
  const { appointment: a, language } = input
  const words = WORDS[language]
  const what = `${PURPOSE[language][a.purpose]}, ${input.store?.name ?? ''}`.replace(/, $/, '')
  const when = formatWhen(a.start, a.end, language, input.timeZone)
  const headline = input.kind === 'request' && a.sequence > 0 ? words.moved(what, when) : words[input.kind](what, when)
  const where = input.store ? `${input.store.name}, ${input.store.address.line1}, ${input.store.address.postalCode} ${input.store.address.city}` : ''
  const lines = [
    words.hello(input.customerName),
    headline,
    ...(input.kind === 'cancel'
      ? [words.cancelled]
      : [
          ...(input.associateName ? [words.with(input.associateName)] : []),
          ...(where ? [`${words.where}: ${where}`] : []),
          ...(a.products.length ? [`${words.prepared}: ${a.products.length}`] : []),
          ...(input.kind === 'request' ? [words.calendar] : []),
          ...(input.manageUrl ? [`${words.manage}: ${input.manageUrl}`] : []),
        ]),
    input.store?.name ?? '',
  ].filter(Boolean)
  return {
    subject: headline,
    summary: what,
    description: input.associateName ? words.with(input.associateName) : '',
    text: lines.join('\n\n'),
    html: `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1c2333">${lines.map(l => input.manageUrl && l.endsWith(input.manageUrl) ? `<p><a href="${escapeHtml(input.manageUrl)}">${escapeHtml(words.manage)}</a></p>` : `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`,
  }
}
