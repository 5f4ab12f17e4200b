/**
 * Where receipts go: an SMTP server (`SMTP_URL`, through nodemailer), or, when none is
 * configured (demo, development), `.eml` files under `DATA_DIR/outbox` that `/mail` lists,
 * each with its HTML beside it so it can be looked at in a browser.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'

export interface MailMessage {
  from: string
  to: string
  subject: string
  html: string
  text: string
  /** stable per receipt: a receiver that already has it can drop a second copy */
  messageId: string
  language: string
  /** extra headers (List-Unsubscribe for marketing); a receipt's are the defaults below */
  headers?: Record<string, string>
  /**
   * A calendar invite sent as iMIP (RFC 6047): a `text/calendar; method=…` alternative part,
   * so mail clients offer "add to calendar", and the same as an .ics attachment.
   */
  calendar?: { method: 'REQUEST' | 'CANCEL', content: string }
}

export interface MailTransport {
  kind: 'smtp' | 'files'
  send: (message: MailMessage) => Promise<void>
  close: () => void
}

const toNodemailer = (m: MailMessage) => ({
  from: m.from,
  to: m.to,
  subject: m.subject,
  html: m.html,
  text: m.text,
  messageId: m.messageId,
  headers: m.headers ? { 'Content-Language': m.language, ...m.headers } : { 'Content-Language': m.language, 'Auto-Submitted': 'auto-generated' },
  ...(m.calendar ? { icalEvent: { method: m.calendar.method, filename: 'invite.ics', content: m.calendar.content } } : {}),
})

export function smtpTransport(url: string, timeoutMs = 15_000): MailTransport {
  const transporter = nodemailer.createTransport(url, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as never)
  return {
    kind: 'smtp',
    send: async (m) => {
      await transporter.sendMail(toNodemailer(m))
    },
    close: () => transporter.close(),
  }
}

/** A file name that sorts by time and says which receipt it is; nothing from the customer in it. */
function mailFileName(messageId: string, at = new Date()): string {
  const id = messageId.replace(/^<(?:receipt|outreach|appointment)-|@.*$/g, '').replace(/[^\w.-]/g, '_')
  return `${at.toISOString().replace(/[:.]/g, '-')}_${id}`
}

export function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    kind: 'files',
    send: async (m) => {
      const info = await transporter.sendMail(toNodemailer(m))
      mkdirSync(dir, { recursive: true })
      const name = mailFileName(m.messageId)
      writeFileSync(join(dir, `${name}.html`), m.html)
      writeFileSync(join(dir, `${name}.json`), JSON.stringify({ to: m.to, subject: m.subject, messageId: m.messageId, at: new Date().toISOString() }))
      // The .eml last: the listing shows a message once it is complete.
      writeFileSync(join(dir, `${name}.eml`), info.message as Buffer)
    },
    close: () => {},
  }
}
