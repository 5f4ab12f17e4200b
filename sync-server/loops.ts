/** The server's background loops: the outboxes' senders and PGlite's upkeep, started and stopped together. */
import type { Config } from './core/config'
import type { PassLoop } from './core/loop'
import type { Database } from './storage/db'
import type { AppointmentMailer } from './appointments/mail'
import type { ReceiptSender } from './mail/sender'
import type { OutboxSender } from './outbound/outbox'
import type { OutreachSender } from './outreach/sender'
import { startAppointmentMailer } from './appointments/mail'
import { startReceiptSender } from './mail/sender'
import { fileTransport, smtpTransport } from './mail/transport'
import { startOutboxSender } from './outbound/outbox'
import { startOutreachSender } from './outreach/sender'
import { startUpkeep } from './storage/upkeep'

export interface Loops {
  /** the commerce webhook sender, when COMMERCE_WEBHOOK_URL is set */
  outbox: OutboxSender | null
  receipts: ReceiptSender
  /** outreach e-mails from associates to customers */
  outreach: OutreachSender
  /** appointments' invites, cancellations and reminders */
  appointments: AppointmentMailer
  /** PGlite's vacuum and analyze passes (./storage/upkeep.ts); null on a PostgreSQL server, which runs its own */
  upkeep: PassLoop | null
  /** each loop finishes its pass, all at once */
  stop: () => Promise<void>
}

/** `mailDir`: where mail goes without SMTP_URL; `onError`: a failed pass, by the loop's name */
export function startLoops(db: Database, config: Config, mailDir: string, onError: (error: unknown, pass: string) => void): Loops {
  if (config.commerceWebhookUrl && !config.commerceSecret)
    throw new Error('COMMERCE_WEBHOOK_URL is set but COMMERCE_SECRET is not: outbound events must be signed.')
  // One transport per sender: each closes its own when it stops.
  const transport = () => config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(mailDir)
  const outbox = config.commerceWebhookUrl
    ? startOutboxSender({
        db,
        url: config.commerceWebhookUrl,
        secret: config.commerceSecret!,
        intervalMs: config.commerceOutboxIntervalMs,
        maxBackoffMs: config.commerceOutboxMaxBackoffMs,
        onError: error => onError(error, 'commerce outbox'),
      })
    : null
  const receipts = startReceiptSender({
    db,
    transport: transport(),
    from: config.mailFrom,
    shopUrl: config.shopUrl,
    intervalMs: config.receiptIntervalMs,
    maxBackoffMs: config.receiptMaxBackoffMs,
    giveUpAfterMs: config.receiptGiveUpAfterMs,
    onError: error => onError(error, 'receipt'),
  })
  const outreach = startOutreachSender({
    db,
    transport: transport(),
    from: config.mailFrom,
    publicUrl: config.publicUrl,
    intervalMs: config.outreachIntervalMs,
    onError: error => onError(error, 'outreach'),
  })
  const appointments = startAppointmentMailer({
    db,
    publicUrl: config.publicUrl,
    transport: transport(),
    from: config.mailFrom,
    // Customers' e-mails other than receipts go at the outreach pace.
    intervalMs: config.outreachIntervalMs,
    onError: error => onError(error, 'appointment mail'),
  })
  const upkeep = startUpkeep(db, {
    intervalMs: config.upkeepIntervalMs,
    onError: error => onError(error, 'database upkeep'),
  })
  return {
    outbox,
    receipts,
    outreach,
    appointments,
    upkeep,
    stop: async () => {
      await Promise.all([outbox?.stop(), receipts.stop(), outreach.stop(), appointments.stop(), upkeep?.stop()])
    },
  }
}
