/**
 * What the server checks and does when a tablet pushes a message to a customer, in the push's
 * own transaction (so a refused message leaves nothing behind and a written e-mail is queued
 * exactly once: a replayed push writes nothing and so queues nothing).
 *
 * - Consent: a marketing message goes only on a channel whose latest consent capture is a
 *   grant — checked here against the server's copy of the customer, whatever the tablet
 *   believed. WhatsApp messages are text messages: they need the SMS consent.
 * - Contact pressure: at most the store's `contactsPerWeek` messages to a customer in seven
 *   days, whoever sends them (a failed e-mail does not count).
 * - Quiet hours: an e-mail written in the store's quiet hours waits in the outbox until they end.
 */
import type { ConsentChannel, CustomerDoc, OutreachDoc, StoreDoc } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import { AppError } from '../../src/shared/errors'
import { afterQuietHours } from '../../src/domain/store-days'
import { storeSettings } from '../../src/domain/store-settings'

const consentFor: Record<OutreachDoc['channel'], ConsentChannel> = { email: 'email', sms: 'sms', whatsapp: 'sms' }
const WEEK_MS = 7 * 86_400_000

async function storeOf(w: Writer, storeId: string): Promise<StoreDoc | undefined> {
  return (await w.load('stores', [storeId])).get(storeId) as unknown as StoreDoc | undefined
}

export async function checkOutreach(w: Writer, storeId: string, docs: AnyDoc[]): Promise<void> {
  if (!docs.length)
    return
  const messages = docs as unknown as OutreachDoc[]
  const customers = await w.load('customers', [...new Set(messages.map(m => m.customerId))])
  for (const m of messages) {
    const customer = customers.get(m.customerId) as unknown as CustomerDoc | undefined
    const address = m.channel === 'email' ? customer?.email : customer?.phone
    if (!customer || customer.consents[consentFor[m.channel]]?.granted !== true || !address)
      throw new AppError('no-consent', `The customer has not agreed to be contacted by ${m.channel === 'email' ? 'e-mail' : 'text message'}: nothing was sent.`, { id: m.id, channel: m.channel })
  }
  const { contactsPerWeek } = storeSettings((await storeOf(w, storeId))?.settings)
  const since = new Date(Date.now() - WEEK_MS).toISOString()
  const { rows } = await w.query<{ customer_id: string, n: number }>(`
    SELECT customer_id, count(*)::int AS n FROM docs
    WHERE collection = 'outreach' AND store_id = $1 AND customer_id = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))
      AND NOT deleted AND data->>'at' >= $3 AND data->>'status' <> 'failed'
    GROUP BY customer_id`, [storeId, JSON.stringify([...customers.keys()]), since])
  const sent = new Map(rows.map(r => [r.customer_id, Number(r.n)]))
  for (const m of messages) {
    const n = (sent.get(m.customerId) ?? 0) + 1
    if (n > contactsPerWeek)
      throw new AppError('contact-limit', `This customer already received ${contactsPerWeek} messages from the store in the last seven days: wait before writing again.`, { id: m.id, limit: contactsPerWeek })
    sent.set(m.customerId, n)
  }
}

/** New e-mails into the outbox, after the store's quiet hours. */
export async function queueOutreach(w: Writer, storeId: string, docs: AnyDoc[], masters: Map<string, AnyDoc>): Promise<void> {
  const emails = (docs as unknown as OutreachDoc[]).filter(m => m.channel === 'email' && !masters.has(m.id))
  if (!emails.length)
    return
  const store = await storeOf(w, storeId)
  const due = afterQuietHours(new Date(), store?.timezone || 'Europe/Rome', storeSettings(store?.settings).quietHours)
  await w.query(`
    INSERT INTO outreach_outbox (id, next_attempt_at)
    SELECT id, $2::timestamptz FROM jsonb_array_elements_text($1::jsonb) AS id
    ON CONFLICT (id) DO NOTHING`, [JSON.stringify(emails.map(m => m.id)), due.toISOString()])
}
