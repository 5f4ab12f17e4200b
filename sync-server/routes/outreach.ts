/**
 * The two public addresses outreach e-mails link to; they face the internet, so: a signed
 * token in every link (outreach/links.ts), nothing shown of any customer but what the token
 * names, a rate limit per address, and redirects only to the configured shop.
 *
 * - `/u/<token>`: unsubscribe. GET shows a page with one button (mail scanners follow links:
 *   a GET changes nothing); POST — the button, or a mail client's RFC 8058 one-click
 *   `List-Unsubscribe=One-Click` — records an e-mail consent withdrawal by the customer, from
 *   the e-mail link, now. It reaches every tablet by replication; a replay changes nothing.
 * - `/r/<token>`: a product link. Records the click against its message and redirects to the
 *   product on the shop (`SHOP_URL`'s host only), with UTM tags naming store and associate.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Consent, CustomerDoc, Language, OutreachDoc, ProductDoc } from '../../src/shared/types'
import type { Context } from './context'
import { recordAudit } from '../audit/log'
import { createRateLimiter } from '../auth/rate-limit'
import { linkKey, readLink } from '../outreach/links'
import type { AnyDoc } from '../storage/writer'
import { queueConsentChange } from '../outbound/outbox'
import { loadDocs, withWriter } from '../storage/writer'

const TEXTS = {
  it: { title: 'Annulla l’iscrizione', ask: 'Non vuoi più ricevere e-mail dal negozio?', button: 'Annulla l’iscrizione', done: 'Fatto: non riceverai più e-mail dal negozio. Puoi cambiare idea in negozio in qualsiasi momento.', invalid: 'Questo link non è valido.' },
  en: { title: 'Unsubscribe', ask: 'Don’t want e-mails from the store any more?', button: 'Unsubscribe', done: 'Done: you won’t receive e-mails from the store any more. You can change your mind in store at any time.', invalid: 'This link is not valid.' },
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function page(reply: FastifyReply, status: number, lang: Language, body: string): FastifyReply {
  const tr = TEXTS[lang]
  return reply.status(status).type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', 'default-src \'none\'; style-src \'unsafe-inline\'; form-action \'self\'; frame-ancestors \'none\'')
    .send(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(tr.title)}</title>
<style>body{margin:0;font:18px/1.5 Helvetica,Arial,sans-serif;background:#f6f4f0;color:#1c2333}main{max-width:30rem;margin:0 auto;padding:2rem 1.25rem}h1{font-size:1.5rem}button{font:inherit;font-weight:600;min-height:48px;padding:0 1.5rem;border:0;border-radius:10px;background:#1f2a44;color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #2459a6;outline-offset:2px}</style>
</head><body><main>${body}</main></body></html>`)
}

export function registerOutreachRoutes(app: FastifyInstance, ctx: Context): void {
  const limiter = createRateLimiter({ max: 30, windowMs: 60_000, what: 'link' })
  const shopHost = new URL(ctx.config.shopUrl).host
  // Form bodies: the one-click unsubscribe and the customer's appointment pages (routes/appointments.ts).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, body))

  async function customerOf(token: string): Promise<CustomerDoc | null> {
    const link = readLink(await linkKey(ctx.db), token)
    if (link?.k !== 'u')
      return null
    const found = (await loadDocs(ctx.db, 'customers', [link.c])).get(link.c) as (CustomerDoc & { _deleted?: boolean }) | undefined
    return found && !found._deleted ? found : null
  }

  app.get('/u/:token', async (request, reply) => {
    limiter.hit(request.ip)
    const customer = await customerOf((request.params as { token: string }).token)
    if (!customer)
      return page(reply, 404, 'it', `<h1>${esc(TEXTS.it.invalid)}</h1><p lang="en">${esc(TEXTS.en.invalid)}</p>`)
    const tr = TEXTS[customer.language]
    if (customer.consents.email?.granted !== true)
      return page(reply, 200, customer.language, `<h1>${esc(tr.title)}</h1><p data-test="unsubscribed">${esc(tr.done)}</p>`)
    return page(reply, 200, customer.language, `<h1>${esc(tr.title)}</h1><p>${esc(tr.ask)}</p><form method="post"><button type="submit" name="List-Unsubscribe" value="One-Click">${esc(tr.button)}</button></form>`)
  })

  app.post('/u/:token', async (request, reply) => {
    limiter.hit(request.ip)
    const token = (request.params as { token: string }).token
    const link = readLink(await linkKey(ctx.db), token)
    if (link?.k !== 'u')
      return page(reply, 404, 'it', `<h1>${esc(TEXTS.it.invalid)}</h1><p lang="en">${esc(TEXTS.en.invalid)}</p>`)
    const language = await withWriter(ctx.db, async (w) => {
      const customer = (await w.load('customers', [link.c])).get(link.c) as (CustomerDoc & { _deleted?: boolean }) | undefined
      if (!customer || customer._deleted)
        return null
      if (customer.consents.email?.granted === true) {
        const now = new Date().toISOString()
        const withdrawal: Consent = { granted: false, capturedAt: now, capturedBy: 'customer', source: 'email-link', textVersion: customer.consents.email.textVersion }
        const next = { ...customer, consents: { ...customer.consents, email: withdrawal }, updatedAt: now }
        await w.write('customers', [next])
        await queueConsentChange(w, customer as unknown as AnyDoc, next as unknown as AnyDoc, null)
        await recordAudit(w, { deviceId: null, associateId: null, customerId: customer.id, action: 'unsubscribe', detail: 'email-link' })
      }
      return customer.language
    })
    if (!language)
      return page(reply, 404, 'it', `<h1>${esc(TEXTS.it.invalid)}</h1><p lang="en">${esc(TEXTS.en.invalid)}</p>`)
    return page(reply, 200, language, `<h1>${esc(TEXTS[language].title)}</h1><p data-test="unsubscribed">${esc(TEXTS[language].done)}</p>`)
  })

  app.get('/r/:token', async (request, reply) => {
    limiter.hit(request.ip)
    const link = readLink(await linkKey(ctx.db), (request.params as { token: string }).token)
    if (link?.k !== 'r')
      return page(reply, 404, 'it', `<h1>${esc(TEXTS.it.invalid)}</h1><p lang="en">${esc(TEXTS.en.invalid)}</p>`)
    const target = await withWriter(ctx.db, async (w) => {
      const message = (await w.load('outreach', [link.o])).get(link.o) as OutreachDoc | undefined
      const product = (await w.load('products', [link.s])).get(link.s) as ProductDoc | undefined
      if (!message || !message.products.includes(link.s))
        return null
      await w.query('INSERT INTO outreach_clicks (outreach_id, sku) VALUES ($1, $2)', [message.id, link.s])
      await w.write('outreach', [{ ...message, clicks: message.clicks + 1, updatedAt: new Date().toISOString() }])
      return { message, url: product?.url ?? '' }
    })
    if (!target)
      return page(reply, 404, 'it', `<h1>${esc(TEXTS.it.invalid)}</h1><p lang="en">${esc(TEXTS.en.invalid)}</p>`)
    let url: URL
    try {
      url = new URL(target.url)
    }
    catch {
      url = new URL(ctx.config.shopUrl)
    }
    // Only ever the shop: a product whose address points elsewhere goes to the shop's home.
    if (url.host !== shopHost)
      url = new URL(ctx.config.shopUrl)
    url.searchParams.set('utm_source', 'clienteling')
    url.searchParams.set('utm_medium', 'email')
    url.searchParams.set('utm_campaign', 'outreach')
    url.searchParams.set('utm_content', `${target.message.storeId}:${target.message.associateId}`)
    return reply.header('Cache-Control', 'no-store').redirect(url.toString(), 302)
  })
}
