/**
 * The e-mail receipt: HTML for mail clients (tables and inline styles only: no stylesheet,
 * no script, no web fonts) and the same content as plain text, in the customer's language.
 * Everything that comes from data (names, products, addresses) is escaped. Marketing appears
 * only when the customer has granted e-mail consent.
 */
import type { Language, OrderDoc, StoreDoc } from '../../src/shared/types'
import { receiptText } from './texts'

export interface VisitItem {
  kind: 'tried_on' | 'recommended' | 'shown'
  name: string
  url: string
  size: string | null
}

export interface ReceiptInput {
  order: OrderDoc
  store: StoreDoc
  associateFirstName: string | null
  customerFirstName: string | null
  emailConsent: boolean
  visitItems: VisitItem[]
  language: Language
  shopUrl: string
}

export interface RenderedReceipt { subject: string, html: string, text: string }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
const localeOf = (l: Language) => (l === 'it' ? 'it-IT' : 'en-GB')

export function renderReceipt(input: ReceiptInput): RenderedReceipt {
  const { order, store, language: lang } = input
  const tr = (key: string, params: Record<string, string> = {}) => receiptText(lang, key, params)
  const money = (minor: number) => new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency: order.currency }).format(minor / 100)
  const date = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeStyle: 'short', timeZone: store.timezone }).format(new Date(order.placedAt))
  const day = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeZone: store.timezone }).format(new Date(order.placedAt))
  const rate = new Intl.NumberFormat(localeOf(lang)).format(order.vatRateBp / 100)
  const address = `${store.address.line1}, ${store.address.postalCode} ${store.address.city} (${store.address.province})`
  const subject = tr('subject', { store: store.name, date: day })
  const greeting = input.customerFirstName ? tr('greeting', { name: input.customerFirstName }) : tr('greetingAnon')
  const size = (s: string | null) => (s ? `${tr('size')} ${s}` : tr('oneSize'))
  const reason = (r: string | null) => (r ? tr(`reason.${r}`) : '')
  const vatLine = tr('vat', { rate })
  // A mixed payment with its parts: "Mixed (Card €100.00 · Cash €50.00)".
  const paid = tr(`method.${order.paymentMethod}`) + (order.payments?.length ? ` (${order.payments.map(p => `${tr(`method.${p.method}`)} ${money(p.amountMinor)}`).join(' · ')})` : '')

  // Plain text first: the same facts, in reading order.
  const text = [
    greeting,
    tr('intro', { store: store.name }),
    ...(input.associateFirstName ? [tr('servedBy', { name: input.associateFirstName })] : []),
    '',
    `${store.name} — ${address}`,
    `${tr('order')}: ${order.id}`,
    `${tr('date')}: ${date}`,
    '',
    ...order.lines.flatMap(l => [
      `${l.qty} × ${l.name} (${size(l.size)}) — ${money(l.unitPriceMinor)}`,
      ...(l.discountMinor > 0 ? [`   ${tr('discount')} ${reason(l.discountReason)}: −${money(l.discountMinor)}`] : []),
      `   ${tr('amount')}: ${money(l.totalMinor)}`,
    ]),
    '',
    `${tr('subtotal')}: ${money(order.subtotalMinor)}`,
    ...(order.discountMinor > 0 ? [`${tr('discounts')}: −${money(order.discountMinor)}`] : []),
    `${tr('total')}: ${money(order.totalMinor)} (${vatLine}: ${money(order.vatMinor)}; ${tr('taxable')}: ${money(order.totalMinor - order.vatMinor)})`,
    `${tr('payment')}: ${paid}`,
    ...(input.visitItems.length
      ? ['', tr('visitTitle'), ...input.visitItems.map(i => `- ${tr(i.kind)}: ${i.name}${i.size ? ` (${size(i.size)})` : ''} — ${i.url}`)]
      : []),
    ...(input.emailConsent ? ['', `${tr('marketing')} ${input.shopUrl}`] : []),
    '',
    tr('footer'),
  ].join('\n')

  const td = 'padding:8px 0;border-bottom:1px solid #e3dfd7;vertical-align:top;'
  const right = 'text-align:right;white-space:nowrap;'
  const lineRows = order.lines.map(l => `
      <tr>
        <td style="${td}"><strong>${esc(l.name)}</strong><br><span style="color:#4a5368;font-size:13px;">${esc(size(l.size))} · ${l.qty} × ${esc(money(l.unitPriceMinor))}</span>${l.discountMinor > 0 ? `<br><span style="color:#2f7d4f;font-size:13px;">${esc(tr('discount'))} ${esc(reason(l.discountReason))}: −${esc(money(l.discountMinor))}</span>` : ''}</td>
        <td style="${td}${right}">${esc(money(l.totalMinor))}</td>
      </tr>`).join('')
  const totalRow = (label: string, value: string, strong = false) => `
      <tr><td style="padding:4px 0;${strong ? 'font-size:18px;font-weight:bold;' : 'color:#4a5368;'}">${esc(label)}</td><td style="padding:4px 0;${right}${strong ? 'font-size:18px;font-weight:bold;' : ''}">${esc(value)}</td></tr>`
  const visit = input.visitItems.length
    ? `
    <tr><td style="padding:24px 32px 0;">
      <h2 style="margin:0 0 8px;font-size:16px;color:#1c2333;">${esc(tr('visitTitle'))}</h2>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">
        ${input.visitItems.map(i => `<tr><td style="padding:6px 0;color:#4a5368;font-size:14px;width:40%;">${esc(tr(i.kind))}</td><td style="padding:6px 0;font-size:14px;"><a href="${esc(i.url)}" style="color:#2459a6;">${esc(i.name)}</a>${i.size ? ` <span style="color:#7a8296;">(${esc(size(i.size))})</span>` : ''}</td></tr>`).join('')}
      </table>
    </td></tr>`
    : ''
  const marketing = input.emailConsent
    ? `<tr><td style="padding:16px 32px 0;font-size:14px;"><a href="${esc(input.shopUrl)}" style="color:#2459a6;">${esc(tr('marketing'))}</a></td></tr>`
    : ''
  const html = `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f4f0;font-family:Helvetica,Arial,sans-serif;color:#1c2333;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f4f0;"><tr><td align="center" style="padding:24px 12px;">
  <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;border-collapse:separate;">
    <tr><td style="background:#1f2a44;color:#ffffff;padding:20px 32px;border-radius:8px 8px 0 0;">
      <div style="font-size:20px;font-weight:bold;">${esc(store.name)}</div>
      <div style="font-size:13px;color:#d6d9e0;">${esc(address)}</div>
    </td></tr>
    <tr><td style="padding:24px 32px 0;font-size:15px;line-height:1.5;">
      <p style="margin:0 0 8px;">${esc(greeting)}</p>
      <p style="margin:0 0 8px;">${esc(tr('intro', { store: store.name }))}</p>
      ${input.associateFirstName ? `<p style="margin:0;color:#4a5368;">${esc(tr('servedBy', { name: input.associateFirstName }))}</p>` : ''}
    </td></tr>
    <tr><td style="padding:16px 32px 0;font-size:13px;color:#4a5368;">
      ${esc(tr('order'))}: <span style="font-family:monospace;">${esc(order.id)}</span><br>${esc(tr('date'))}: ${esc(date)}
    </td></tr>
    <tr><td style="padding:16px 32px 0;">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:15px;">
        <tr><th align="left" style="padding:8px 0;border-bottom:2px solid #1c2333;font-size:13px;">${esc(tr('item'))}</th><th align="right" style="padding:8px 0;border-bottom:2px solid #1c2333;font-size:13px;">${esc(tr('amount'))}</th></tr>
        ${lineRows}
      </table>
    </td></tr>
    <tr><td style="padding:12px 32px 0;">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:15px;">
        ${totalRow(tr('subtotal'), money(order.subtotalMinor))}
        ${order.discountMinor > 0 ? totalRow(tr('discounts'), `−${money(order.discountMinor)}`) : ''}
        ${totalRow(tr('total'), money(order.totalMinor), true)}
        ${totalRow(vatLine, money(order.vatMinor))}
        ${totalRow(tr('taxable'), money(order.totalMinor - order.vatMinor))}
        ${totalRow(tr('payment'), paid)}
      </table>
    </td></tr>
    ${visit}
    ${marketing}
    <tr><td style="padding:24px 32px 28px;font-size:12px;color:#7a8296;">${esc(tr('footer'))}</td></tr>
  </table>
</td></tr></table>
</body>
</html>
`
  return { subject, html, text }
}
