/**
 * The customer's pages as HTML: server-rendered forms, no script, phone first. Every value
 * shown is escaped; a page shows the store, the free times and the one appointment its link
 * names — never a customer's profile (not even the name the booking was matched to).
 */
import type { AppointmentDoc, AppointmentPurpose, Language, StoreDoc } from '../../src/shared/types'
import type { FieldProblems, WebSlot } from './booking'
import type { PageTexts } from './page-texts'
import { APPOINTMENT_PURPOSES } from '../../src/shared/types'
import { CONSENT_TEXT_VERSION } from '../../src/domain/profile-edit'
import { storeClock } from '../../src/domain/store-days'
import { PAGE_TEXTS } from './page-texts'
import { formatWhen, PURPOSE } from './render'

export const esc = (s: string) => s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!)

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:18px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;background:#f6f4f0;color:#1c2333}
header{background:#1f2a44;color:#fff;padding:14px 20px}header p{margin:0}header .name{font-weight:700;font-size:1.1rem}header .addr{color:#dfe3ec;font-size:.95rem}
main{max-width:34rem;margin:0 auto;padding:20px 16px 48px}h1{font-size:1.6rem;margin:.2em 0 .4em;line-height:1.25}
form{margin:0 0 20px}fieldset{border:1px solid #e3dfd7;border-radius:14px;background:#fff;margin:0 0 16px;padding:14px 16px}legend{font-weight:700;padding:0 6px}
label{display:block;font-weight:600;margin:10px 0 4px}.hint{color:#4a5368;font-size:.95rem;margin:4px 0}
input[type=text],input[type=email],input[type=tel],select{display:block;width:100%;min-height:48px;font:inherit;padding:8px 12px;border:1px solid #8a8f9c;border-radius:10px;background:#fff;color:inherit}
[aria-invalid=true]{border-color:#b42318;border-width:2px}.field-problem{color:#b42318;font-weight:600;margin:4px 0 0;font-size:.95rem}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(92px,1fr));gap:8px;margin-top:6px}.slot{position:relative;margin:0}
.slot input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}.slot span{display:grid;place-items:center;min-height:48px;border:1px solid #8a8f9c;border-radius:10px;background:#fff;font-weight:700}
.slot input:checked+span{background:#1f2a44;color:#fff;border-color:#1f2a44}.slot input:focus-visible+span{outline:3px solid #2459a6;outline-offset:2px}
.check{display:flex;gap:10px;align-items:center;min-height:48px;font-weight:600;margin:4px 0}.check input{width:24px;height:24px;accent-color:#1f2a44}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:48px;padding:0 22px;font:inherit;font-weight:700;border-radius:10px;border:0;background:#1f2a44;color:#fff;cursor:pointer;text-decoration:none}
.secondary{background:#fff;color:#1f2a44;border:2px solid #1f2a44}.danger{background:#b42318}
button:focus-visible,a:focus-visible,select:focus-visible,input:focus-visible{outline:3px solid #2459a6;outline-offset:2px}
a{color:#2459a6}.notice{border-radius:12px;padding:12px 14px;margin:0 0 16px;font-weight:600}.ok{background:#e6f2ea;color:#1d5233}.bad{background:#fbe9e7;color:#8a1c12}
dl{background:#fff;border:1px solid #e3dfd7;border-radius:14px;padding:8px 16px;margin:0 0 16px}dt{font-weight:700;margin-top:8px;color:#4a5368;font-size:.95rem}dd{margin:0 0 8px}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.lang{text-align:right;margin:0 0 8px}.small{font-size:.9rem;color:#4a5368}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
`

/** The page around a body: the store's name and address on top, the language switch, no script. */
export function layout(lang: Language, title: string, store: StoreDoc | null, body: string, switchHref?: string): string {
  const t = PAGE_TEXTS[lang]
  const head = store
    ? `<header><p class="name">${esc(store.name)}</p><p class="addr">${esc(`${store.address.line1}, ${store.address.postalCode} ${store.address.city}`)}</p></header>`
    : ''
  const other: Language = lang === 'it' ? 'en' : 'it'
  const switcher = switchHref ? `<p class="lang"><a href="${esc(switchHref)}" lang="${other}" hreflang="${other}">${esc(t.language)}</a></p>` : ''
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${head}<main>${switcher}${body}</main></body></html>`
}

const dayLabel = (day: string, lang: Language) => new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`))

export interface BookingView {
  lang: Language
  store: StoreDoc
  purpose: AppointmentPurpose
  day: string | null
  days: string[]
  slots: WebSlot[]
  values?: Partial<Record<'start' | 'firstName' | 'lastName' | 'email' | 'phone', string>> & { consentEmail?: boolean, consentSms?: boolean }
  problems?: FieldProblems
  /** a sentence above the form (a time just taken) */
  notice?: string
}

function field(t: PageTexts, name: 'firstName' | 'lastName' | 'email' | 'phone', type: string, autocomplete: string, v: BookingView, extraProblem?: keyof FieldProblems): string {
  const problem = v.problems?.[name] ?? (extraProblem ? v.problems?.[extraProblem] : undefined)
  const id = `f-${name}`
  const described = [name === 'email' || name === 'phone' ? 'contact-hint' : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ')
  return `<label for="${id}">${esc(t[name])}</label><input id="${id}" name="${name}" type="${type}" autocomplete="${autocomplete}" maxlength="${name === 'email' ? 254 : 80}" value="${esc(v.values?.[name] ?? '')}"${problem ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}>${problem ? `<p class="field-problem" id="${id}-problem">${esc(t[`problem.${problem}` as keyof PageTexts] as string)}</p>` : ''}`
}

function consent(t: PageTexts, v: BookingView, channel: 'email' | 'sms'): string {
  const name = channel === 'email' ? 'consentEmail' : 'consentSms'
  const problem = v.problems?.[`consent-${channel}`]
  return `<label class="check"><input type="checkbox" name="${name}" value="1"${v.values?.[name] ? ' checked' : ''}${problem ? ' aria-invalid="true"' : ''} aria-describedby="consent-text${problem ? ` ${name}-problem` : ''}"> ${esc(channel === 'email' ? t.consentEmail : t.consentSms)}</label>${problem ? `<p class="field-problem" id="${name}-problem">${esc(t[`problem.consent-${channel}`])}</p>` : ''}`
}

export function bookingPage(v: BookingView): string {
  const t = PAGE_TEXTS[v.lang]
  const tz = v.store.timezone || 'Europe/Rome'
  const base = `/book/${encodeURIComponent(v.store.id)}`
  const problems = Object.values(v.problems ?? {})
  const chooser = `<form method="get" action="${base}"><fieldset><legend>${esc(t.choose)}</legend>
<input type="hidden" name="lang" value="${v.lang}">
<label for="f-purpose">${esc(t.purpose)}</label><select id="f-purpose" name="purpose"${v.problems?.purpose ? ' aria-invalid="true"' : ''}>${APPOINTMENT_PURPOSES.map(p => `<option value="${p}"${p === v.purpose ? ' selected' : ''}>${esc(PURPOSE[v.lang][p])}</option>`).join('')}</select>
<label for="f-day">${esc(t.day)}</label><select id="f-day" name="day">${v.days.map(d => `<option value="${d}"${d === v.day ? ' selected' : ''}>${esc(dayLabel(d, v.lang))}</option>`).join('')}</select>
<div class="actions"><button type="submit" class="secondary" data-test="book-show">${esc(t.show)}</button></div></fieldset></form>`
  if (!v.days.length || !v.day)
    return layout(v.lang, t.bookTitle, v.store, `<h1>${esc(t.bookTitle)}</h1><p>${esc(t.closedAll)}</p>${v.store.phone ? `<p>${esc(t.call(v.store.phone))}</p>` : ''}`)
  const slotProblem = v.problems?.start
  const slots = v.slots.length
    ? `<div class="slots">${v.slots.map(s => `<label class="slot"><input type="radio" name="start" value="${esc(s.start)}"${v.values?.start === s.start ? ' checked' : ''} data-test="book-slot"><span>${storeClock(s.start, tz)}</span></label>`).join('')}</div>`
    : `<p data-test="book-no-slots">${esc(t.noSlots)}</p>`
  const summary = problems.length
    ? `<div class="notice bad" role="alert" data-test="book-problems"><p style="margin:0">${esc(t.problems)}</p><ul>${problems.map(p => `<li>${esc(t[`problem.${p}` as keyof PageTexts] as string)}</li>`).join('')}</ul></div>`
    : ''
  const notice = v.notice ? `<p class="notice bad" role="alert" data-test="book-notice">${esc(v.notice)}</p>` : ''
  const body = `<h1>${esc(t.bookTitle)}</h1><p>${esc(t.intro)}</p>${chooser}${notice}${summary}
<form method="post" action="${base}?lang=${v.lang}" novalidate data-test="book-form">
<input type="hidden" name="purpose" value="${esc(v.purpose)}">
<fieldset${slotProblem ? ' aria-invalid="true"' : ''}><legend>${esc(t.slotsOn(dayLabel(v.day, v.lang)))}</legend>${slots}${slotProblem ? `<p class="field-problem">${esc(t['problem.start'])}</p>` : ''}</fieldset>
<fieldset><legend>${esc(t.you)}</legend>
${field(t, 'firstName', 'text', 'given-name', v)}${field(t, 'lastName', 'text', 'family-name', v)}
<p class="hint" id="contact-hint">${esc(t.contactHint)}</p>
${field(t, 'email', 'email', 'email', v, 'contact')}${field(t, 'phone', 'tel', 'tel', v)}
</fieldset>
<fieldset><legend>${esc(t.keepInTouch)}</legend><p class="hint" id="consent-text">${esc(t.consentText)}</p>
${consent(t, v, 'email')}${consent(t, v, 'sms')}
<input type="hidden" name="consentVersion" value="${CONSENT_TEXT_VERSION}"><p class="small">${esc(t.consentVersion(CONSENT_TEXT_VERSION))}</p></fieldset>
<div class="hp" aria-hidden="true"><label for="f-website">${esc(t.honeypot)}</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<div class="actions"><button type="submit" data-test="book-submit">${esc(t.book)}</button></div>
</form>`
  const other = v.lang === 'it' ? 'en' : 'it'
  return layout(v.lang, t.bookTitle, v.store, body, `${base}?lang=${other}&purpose=${v.purpose}&day=${v.day}`)
}

export interface ManageView {
  lang: Language
  store: StoreDoc | null
  appointment: AppointmentDoc
  associateName: string
  /** the manage link's path (/a/<token>) */
  path: string
  notice?: string
  /** the appointment can still be cancelled or moved online */
  changeable: boolean
  confirmCancel?: boolean
}

export function managePage(v: ManageView): string {
  const t = PAGE_TEXTS[v.lang]
  const a = v.appointment
  const tz = v.store?.timezone || 'Europe/Rome'
  const where = v.store ? `${v.store.name}, ${v.store.address.line1}, ${v.store.address.postalCode} ${v.store.address.city}` : ''
  const notice = v.notice ? `<p class="notice ok" role="status" data-test="appointment-notice">${esc(v.notice)}</p>` : ''
  const actions = !v.changeable
    ? (a.status === 'booked' ? `<p>${esc(t.fixedNow)}</p>` : '')
    : v.confirmCancel
      ? `<form method="post" action="${v.path}/cancel?lang=${v.lang}"><p><strong>${esc(t.cancelAsk)}</strong></p><div class="actions"><button type="submit" class="danger" data-test="appointment-cancel-confirm">${esc(t.cancelYes)}</button><a class="button secondary" href="${v.path}?lang=${v.lang}">${esc(t.back)}</a></div></form>`
      : `<div class="actions"><a class="button" href="${v.path}/move?lang=${v.lang}" data-test="appointment-move">${esc(t.move)}</a><a class="button secondary" href="${v.path}?lang=${v.lang}&amp;cancel=1" data-test="appointment-cancel">${esc(t.cancel)}</a></div>`
  const body = `<h1>${esc(t.yours)}</h1>${notice}<dl data-test="appointment-details">
<dt>${esc(t.status)}</dt><dd data-test="appointment-status">${esc(t[`status.${a.status}`])}</dd>
<dt>${esc(t.what)}</dt><dd>${esc(PURPOSE[v.lang][a.purpose])}</dd>
<dt>${esc(t.when)}</dt><dd data-test="appointment-when">${esc(formatWhen(a.start, a.end, v.lang, tz))}</dd>
${where ? `<dt>${esc(t.where)}</dt><dd>${esc(where)}</dd>` : ''}
${v.associateName ? `<dt>${esc(t.with)}</dt><dd>${esc(v.associateName)}</dd>` : ''}
</dl>${actions}${v.store?.phone ? `<p class="small">${esc(t.call(v.store.phone))}</p>` : ''}`
  return layout(v.lang, t.yours, v.store, body, `${v.path}?lang=${v.lang === 'it' ? 'en' : 'it'}`)
}

export interface MoveView {
  lang: Language
  store: StoreDoc
  appointment: AppointmentDoc
  path: string
  day: string | null
  days: string[]
  slots: WebSlot[]
  notice?: string
}

export function movePage(v: MoveView): string {
  const t = PAGE_TEXTS[v.lang]
  const tz = v.store.timezone || 'Europe/Rome'
  const notice = v.notice ? `<p class="notice bad" role="alert" data-test="book-notice">${esc(v.notice)}</p>` : ''
  const chooser = `<form method="get" action="${v.path}/move"><input type="hidden" name="lang" value="${v.lang}"><label for="f-day">${esc(t.day)}</label><select id="f-day" name="day">${v.days.map(d => `<option value="${d}"${d === v.day ? ' selected' : ''}>${esc(dayLabel(d, v.lang))}</option>`).join('')}</select><div class="actions"><button type="submit" class="secondary">${esc(t.show)}</button></div></form>`
  const slots = v.slots.length
    ? `<div class="slots">${v.slots.map(s => `<label class="slot"><input type="radio" name="start" value="${esc(s.start)}" data-test="book-slot"><span>${storeClock(s.start, tz)}</span></label>`).join('')}</div>`
    : `<p>${esc(t.noSlots)}</p>`
  const picker = v.day
    ? `<form method="post" action="${v.path}/move?lang=${v.lang}"><fieldset><legend>${esc(t.slotsOn(dayLabel(v.day, v.lang)))}</legend>${slots}</fieldset><div class="actions"><button type="submit" data-test="move-submit">${esc(t.moveSave)}</button><a class="button secondary" href="${v.path}?lang=${v.lang}">${esc(t.back)}</a></div></form>`
    : ''
  const when = formatWhen(v.appointment.start, v.appointment.end, v.lang, tz)
  return layout(v.lang, t.moveTitle, v.store, `<h1>${esc(t.moveTitle)}</h1><p>${esc(PURPOSE[v.lang][v.appointment.purpose])}: ${esc(when)}</p>${notice}${chooser}${picker}`)
}

/** A page with one sentence: a thank-you, a link that is not valid, a store that does not exist. */
export function messagePage(lang: Language, title: string, sentence: string, store: StoreDoc | null = null): string {
  return layout(lang, title, store, `<h1>${esc(title)}</h1><p>${esc(sentence)}</p>`)
}
