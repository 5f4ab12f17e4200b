/**
 * An outreach e-mail: the associate's own words, the products they picked as cards (image,
 * name, price, sizes, "in store now" when this store has them), their signature, and the
 * unsubscribe link the law and the mailbox providers ask for. HTML for mail clients (tables and
 * inline styles only) and the same as plain text; everything from data escaped.
 */
import type { Language } from '../../src/shared/types'

export interface LookCard { name: string, priceMinor: number, currency: string, sizes: string[], inStore: boolean, imageUrl: string, link: string }

export interface OutreachMailInput {
  language: Language
  subject: string
  body: string
  associateName: string
  storeName: string
  storeAddress: string
  cards: LookCard[]
  unsubscribeUrl: string
}

const TEXTS = {
  it: { inStore: 'Disponibile in negozio', sizes: 'Taglie', view: 'Guarda', unsubscribe: 'Non vuoi più ricevere questi messaggi? Annulla l’iscrizione', why: 'Ricevi questo messaggio perché hai acconsentito a essere contattato via e-mail da' },
  en: { inStore: 'In store now', sizes: 'Sizes', view: 'View', unsubscribe: 'Don’t want these messages? Unsubscribe', why: 'You receive this message because you agreed to be contacted by e-mail by' },
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

export function renderOutreach(input: OutreachMailInput): { subject: string, html: string, text: string } {
  const tr = TEXTS[input.language]
  const money = (c: LookCard) => new Intl.NumberFormat(input.language === 'it' ? 'it-IT' : 'en-GB', { style: 'currency', currency: c.currency }).format(c.priceMinor / 100)
  const paragraphs = input.body.split(/\n{2,}/).map(p => p.trim()).filter(Boolean)
  const card = (c: LookCard) => `
      <td style="width:50%;padding:8px;vertical-align:top;">
        <a href="${esc(c.link)}" style="color:#1c2333;text-decoration:none;display:block;border:1px solid #e3dfd7;border-radius:10px;padding:12px;">
          <img src="${esc(c.imageUrl)}" alt="${esc(c.name)}" width="240" style="width:100%;max-width:240px;height:auto;display:block;border-radius:6px;background:#f6f4f0;">
          <strong style="display:block;margin-top:8px;font-size:16px;">${esc(c.name)}</strong>
          <span style="display:block;font-size:15px;">${esc(money(c))}</span>
          ${c.sizes.length ? `<span style="display:block;font-size:13px;color:#4a5368;">${esc(tr.sizes)}: ${esc(c.sizes.join(' · '))}</span>` : ''}
          ${c.inStore ? `<span style="display:block;font-size:13px;color:#276a43;font-weight:600;">${esc(tr.inStore)}</span>` : ''}
          <span style="display:inline-block;margin-top:8px;font-size:14px;color:#2459a6;">${esc(tr.view)} →</span>
        </a>
      </td>`
  const rows: string[] = []
  for (let i = 0; i < input.cards.length; i += 2)
    rows.push(`<tr>${input.cards.slice(i, i + 2).map(card).join('')}</tr>`)
  const html = `<!doctype html>
<html lang="${input.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(input.subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f4f0;font-family:Helvetica,Arial,sans-serif;color:#1c2333;">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f4f0;"><tr><td align="center" style="padding:24px 12px;">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:12px;">
      <tr><td style="padding:24px 24px 8px;font-size:16px;line-height:1.5;">
        ${paragraphs.map(p => `<p style="margin:0 0 14px;">${esc(p).replace(/\n/g, '<br>')}</p>`).join('\n        ')}
      </td></tr>
      ${rows.length ? `<tr><td style="padding:0 16px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows.join('')}</table></td></tr>` : ''}
      <tr><td style="padding:16px 24px 24px;font-size:16px;">${esc(input.associateName)}<br><span style="color:#4a5368;">${esc(input.storeName)} · ${esc(input.storeAddress)}</span></td></tr>
    </table>
    <p style="max-width:600px;margin:16px auto 0;font-size:13px;color:#4a5368;line-height:1.5;">${esc(tr.why)} ${esc(input.storeName)}. <a href="${esc(input.unsubscribeUrl)}" style="color:#2459a6;">${esc(tr.unsubscribe)}</a></p>
  </td></tr></table>
</body></html>`
  const text = [
    ...paragraphs,
    '',
    ...input.cards.map(c => `- ${c.name}, ${money(c)}${c.sizes.length ? ` (${tr.sizes}: ${c.sizes.join(', ')})` : ''}${c.inStore ? ` · ${tr.inStore}` : ''}\n  ${c.link}`),
    '',
    input.associateName,
    `${input.storeName} · ${input.storeAddress}`,
    '',
    `${tr.unsubscribe}: ${input.unsubscribeUrl}`,
  ].join('\n')
  return { subject: input.subject, html, text }
}
