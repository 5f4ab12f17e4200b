/**
 * The customer's appointment pages; they face the internet, so: no sign-in, a signed token
 * per appointment (outreach/links.ts — a token opens only its own appointment), a rate limit
 * per address on every page and a tighter one on bookings (per address and per contact),
 * a honeypot field bots fill and people never see, and bad input answered with the form
 * again, each problem named next to its field, and nothing written.
 *
 * - `GET /book/<storeId>`: purpose, day, the free times, the person's details and consents.
 *   `POST` books (303 to the appointment's page, so a reload does not book twice).
 * - `GET /a/<token>`: the appointment; `?cancel=1` asks before cancelling.
 *   `POST /a/<token>/cancel` cancels it; `GET|POST /a/<token>/move` moves it.
 * GETs change nothing (mail scanners follow links).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppointmentDoc, AppointmentPurpose, Language, StoreDoc } from '../../src/shared/types'
import type { Context } from './context'
import type { WebBookingInput, WebSlot } from '../appointments/booking'
import { bookFromWeb, bookingDays, bookingProblems, changeFromWeb, isPurpose, loadStore, webSlots } from '../appointments/booking'
import { PAGE_TEXTS } from '../appointments/page-texts'
import { bookingPage, managePage, messagePage, movePage } from '../appointments/pages'
import { createRateLimiter } from '../auth/rate-limit'
import { linkKey, readLink, signLink } from '../outreach/links'
import { loadDocs } from '../storage/writer'
import { AppError } from '../../src/shared/errors'

const CSP = 'default-src \'none\'; style-src \'unsafe-inline\'; form-action \'self\'; frame-ancestors \'none\'; base-uri \'none\''

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', CSP)
    .header('Referrer-Policy', 'no-referrer')
    .send(html)
}

/** ?lang= first, then the browser's languages, then Italian. */
function languageOf(request: FastifyRequest): Language {
  const q = (request.query as Record<string, unknown>).lang
  if (q === 'it' || q === 'en')
    return q
  const accept = String(request.headers['accept-language'] ?? '').toLowerCase()
  const first = accept.split(',').map(p => p.trim().slice(0, 2)).find(p => p === 'it' || p === 'en')
  return first === 'en' ? 'en' : 'it'
}

const invalidLink = (reply: FastifyReply, lang: Language) => send(reply, 404, messagePage(lang, PAGE_TEXTS[lang].invalid, PAGE_TEXTS[lang].invalid))
const noStore = (reply: FastifyReply, lang: Language) => send(reply, 404, messagePage(lang, PAGE_TEXTS[lang].noStore, PAGE_TEXTS[lang].noStore))
const form = (body: unknown) => new URLSearchParams(typeof body === 'string' ? body : '')
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)

/** The day asked for, or else the first with a free time (late in the day, today has none left). */
async function dayToShow(days: string[], asked: string | null, slotsOn: (day: string) => Promise<WebSlot[]>): Promise<{ day: string | null, slots: WebSlot[] }> {
  if (asked && days.includes(asked))
    return { day: asked, slots: await slotsOn(asked) }
  for (const day of days) {
    const slots = await slotsOn(day)
    if (slots.length)
      return { day, slots }
  }
  return { day: days[0] ?? null, slots: [] }
}

export function registerAppointmentPages(app: FastifyInstance, ctx: Context): void {
  const pages = createRateLimiter({ max: 60, windowMs: 60_000, what: 'pages' })
  const bookings = createRateLimiter({ max: 5, windowMs: 10 * 60_000, what: 'bookings' })
  const contacts = createRateLimiter({ max: 3, windowMs: 60 * 60_000, what: 'bookings for this contact' })

  /** Counts the request; false (and the page said so) once the address is over its budget. */
  function allowed(limiter: typeof pages, key: string, reply: FastifyReply, lang: Language): boolean {
    try {
      limiter.hit(key)
      return true
    }
    catch (error) {
      if (!(error instanceof AppError))
        throw error
      const retry = (error.details as { retryAfterS?: number } | undefined)?.retryAfterS
      void reply.header('Retry-After', String(retry ?? 60))
      void send(reply, 429, messagePage(lang, PAGE_TEXTS[lang].tooMany, PAGE_TEXTS[lang].tooMany))
      return false
    }
  }

  async function bookingView(store: StoreDoc, lang: Language, purpose: AppointmentPurpose, day: string | null) {
    const now = new Date()
    const days = bookingDays(store, now)
    return { lang, store, purpose, days, ...await dayToShow(days, day, d => webSlots(ctx.db, store, purpose, d, now)) }
  }

  app.get('/book/:storeId', async (request, reply) => {
    const lang = languageOf(request)
    if (!allowed(pages, request.ip, reply, lang))
      return reply
    const store = await loadStore(ctx.db, (request.params as { storeId: string }).storeId)
    if (!store)
      return noStore(reply, lang)
    const q = request.query as Record<string, unknown>
    const purpose = isPurpose(q.purpose) ? q.purpose : 'styling'
    return send(reply, 200, bookingPage(await bookingView(store, lang, purpose, isDay(q.day) ? q.day : null)))
  })

  app.post('/book/:storeId', async (request, reply) => {
    const lang = languageOf(request)
    if (!allowed(pages, request.ip, reply, lang))
      return reply
    const store = await loadStore(ctx.db, (request.params as { storeId: string }).storeId)
    if (!store)
      return noStore(reply, lang)
    const f = form(request.body)
    // A bot fills every field it finds; a person never sees this one. It is told nothing else.
    if (f.get('website'))
      return send(reply, 200, messagePage(lang, PAGE_TEXTS[lang].thanks, PAGE_TEXTS[lang].thanks, store))
    const input: WebBookingInput = {
      storeId: store.id,
      purpose: (isPurpose(f.get('purpose')) ? f.get('purpose') : 'styling') as AppointmentPurpose,
      start: str(f.get('start')),
      firstName: str(f.get('firstName')),
      lastName: str(f.get('lastName')),
      email: str(f.get('email')),
      phone: str(f.get('phone')),
      language: lang,
      consents: { email: f.get('consentEmail') === '1', sms: f.get('consentSms') === '1' },
    }
    const problems = bookingProblems(input)
    if (!isPurpose(f.get('purpose')))
      problems.purpose = 'purpose'
    const values = { start: input.start, firstName: input.firstName, lastName: input.lastName, email: input.email, phone: input.phone, consentEmail: !!input.consents.email, consentSms: !!input.consents.sms }
    const day = input.start && !Number.isNaN(Date.parse(input.start)) ? new Intl.DateTimeFormat('en-CA', { timeZone: store.timezone || 'Europe/Rome' }).format(new Date(input.start)) : null
    if (Object.keys(problems).length)
      return send(reply, 422, bookingPage({ ...await bookingView(store, lang, input.purpose, day), values, problems }))
    if (!allowed(bookings, request.ip, reply, lang) || !allowed(contacts, `${input.email.trim().toLowerCase()}|${input.phone.replace(/\D/g, '')}`, reply, lang))
      return reply
    let booked: AppointmentDoc
    try {
      booked = await bookFromWeb(ctx.db, store, input)
    }
    catch (error) {
      if (error instanceof AppError && error.code === 'slot-taken')
        return send(reply, 409, bookingPage({ ...await bookingView(store, lang, input.purpose, day), values: { ...values, start: '' }, notice: PAGE_TEXTS[lang].slotTaken }))
      throw error
    }
    const token = signLink(await linkKey(ctx.db), { k: 'a', a: booked.id })
    return reply.header('Cache-Control', 'no-store').redirect(`/a/${token}?lang=${lang}&done=${input.email.trim() ? 'booked' : 'booked-no-email'}`, 303)
  })

  /** The appointment a token names, or null (the page then says the link is not valid). */
  async function appointmentOf(token: string): Promise<AppointmentDoc | null> {
    const link = readLink(await linkKey(ctx.db), token)
    if (link?.k !== 'a')
      return null
    const found = (await loadDocs(ctx.db, 'appointments', [link.a])).get(link.a) as (AppointmentDoc & { _deleted?: boolean }) | undefined
    return found && !found._deleted ? found : null
  }

  async function manage(request: FastifyRequest, reply: FastifyReply, status: number, notice?: string) {
    const lang = languageOf(request)
    const token = (request.params as { token: string }).token
    const appointment = await appointmentOf(token)
    if (!appointment)
      return invalidLink(reply, lang)
    const docs = await Promise.all([loadDocs(ctx.db, 'stores', [appointment.storeId]), loadDocs(ctx.db, 'associates', [appointment.associateId])])
    const store = (docs[0].get(appointment.storeId) ?? null) as StoreDoc | null
    const associate = docs[1].get(appointment.associateId) as { displayName?: string } | undefined
    const changeable = appointment.status === 'booked' && Date.parse(appointment.start) > Date.now()
    const q = request.query as Record<string, unknown>
    const done = { 'booked': PAGE_TEXTS[lang].booked, 'booked-no-email': PAGE_TEXTS[lang].bookedNoEmail, 'moved': PAGE_TEXTS[lang].moved, 'cancelled': PAGE_TEXTS[lang].cancelledNow } as Record<string, string>
    return send(reply, status, managePage({
      lang,
      store,
      appointment,
      associateName: associate?.displayName?.split(' ')[0] ?? '',
      path: `/a/${token}`,
      notice: notice ?? done[str(q.done)],
      changeable,
      confirmCancel: q.cancel === '1',
    }))
  }

  app.get('/a/:token', async (request, reply) => {
    if (!allowed(pages, request.ip, reply, languageOf(request)))
      return reply
    return manage(request, reply, 200)
  })

  app.post('/a/:token/cancel', async (request, reply) => {
    const lang = languageOf(request)
    if (!allowed(pages, request.ip, reply, lang))
      return reply
    const token = (request.params as { token: string }).token
    const appointment = await appointmentOf(token)
    if (!appointment)
      return invalidLink(reply, lang)
    try {
      await changeFromWeb(ctx.db, appointment.id, { kind: 'cancel' })
    }
    catch (error) {
      if (error instanceof AppError && error.code === 'already-decided')
        return manage(request, reply, 409, PAGE_TEXTS[lang].fixedNow)
      throw error
    }
    return reply.header('Cache-Control', 'no-store').redirect(`/a/${token}?lang=${lang}&done=cancelled`, 303)
  })

  async function moveView(request: FastifyRequest, reply: FastifyReply, status: number, notice?: string) {
    const lang = languageOf(request)
    const token = (request.params as { token: string }).token
    const appointment = await appointmentOf(token)
    const store = appointment ? await loadStore(ctx.db, appointment.storeId) : null
    if (!appointment || !store)
      return invalidLink(reply, lang)
    if (appointment.status !== 'booked' || Date.parse(appointment.start) <= Date.now())
      return manage(request, reply, 409, PAGE_TEXTS[lang].fixedNow)
    const now = new Date()
    const days = bookingDays(store, now)
    const q = request.query as Record<string, unknown>
    const { day, slots } = await dayToShow(days, isDay(q.day) ? q.day : null, d => webSlots(ctx.db, store, appointment.purpose, d, now, appointment))
    return send(reply, status, movePage({ lang, store, appointment, path: `/a/${token}`, day, days, slots, notice }))
  }

  app.get('/a/:token/move', async (request, reply) => {
    if (!allowed(pages, request.ip, reply, languageOf(request)))
      return reply
    return moveView(request, reply, 200)
  })

  app.post('/a/:token/move', async (request, reply) => {
    const lang = languageOf(request)
    if (!allowed(pages, request.ip, reply, lang))
      return reply
    const token = (request.params as { token: string }).token
    const appointment = await appointmentOf(token)
    if (!appointment)
      return invalidLink(reply, lang)
    const start = str(form(request.body).get('start'))
    if (!start || Number.isNaN(Date.parse(start)))
      return moveView(request, reply, 422, PAGE_TEXTS[lang]['problem.start'])
    try {
      await changeFromWeb(ctx.db, appointment.id, { kind: 'move', start })
    }
    catch (error) {
      if (error instanceof AppError && error.code === 'slot-taken')
        return moveView(request, reply, 409, PAGE_TEXTS[lang].slotTaken)
      if (error instanceof AppError && error.code === 'already-decided')
        return manage(request, reply, 409, PAGE_TEXTS[lang].fixedNow)
      throw error
    }
    return reply.header('Cache-Control', 'no-store').redirect(`/a/${token}?lang=${lang}&done=moved`, 303)
  })
}
