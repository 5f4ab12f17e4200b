/**
 * Which channels an associate may use to reach out to a customer (new arrivals, offers,
 * "your size is back"): only those the customer granted, as the latest capture says. A
 * withdrawal replicated from the web or another tablet removes the channel at once.
 */
import type { ConsentChannel, CustomerDoc, OutreachDoc } from '../shared/types'

export interface Outreach { email: string | null, sms: string | null, phone: string | null }

/** The channels a message may go on: WhatsApp is a text message, under the SMS consent (as on the server). */
export function messageChannels(reach: Outreach): OutreachDoc['channel'][] {
  return [...(reach.email ? ['email' as const] : []), ...(reach.sms ? ['sms' as const, 'whatsapp' as const] : [])]
}

export function outreachFor(customer: Pick<CustomerDoc, 'email' | 'phone' | 'consents'>): Outreach {
  const granted = (channel: ConsentChannel) => customer.consents[channel]?.granted === true
  const number = customer.phone?.replace(/[^\d+]/g, '') || null
  return {
    email: granted('email') && customer.email ? customer.email : null,
    sms: granted('sms') ? number : null,
    phone: granted('phone') ? number : null,
  }
}

/**
 * How much the store has written to a customer lately, for the limit the store sets (its
 * `contactsPerWeek`): the same count the server applies (sync-server/outreach/queue.ts),
 * so the tablet can say so before anyone writes, offline too. A failed e-mail does not count.
 */
export interface Pressure {
  sentThisWeek: number
  limit: number
  blocked: boolean
  /** the latest message from this store, for "contacted by Giulia 2 days ago" */
  last: { associateId: string, at: string, channel: OutreachDoc['channel'] } | null
}

export function contactPressure(messages: readonly OutreachDoc[], storeId: string, now: Date, limit: number): Pressure {
  const mine = messages.filter(m => m.storeId === storeId && m.status !== 'failed').sort((a, b) => b.at.localeCompare(a.at))
  const since = new Date(now.getTime() - 7 * 86_400_000).toISOString()
  const sentThisWeek = mine.filter(m => m.at >= since).length
  const last = mine[0] ? { associateId: mine[0].associateId, at: mine[0].at, channel: mine[0].channel } : null
  return { sentThisWeek, limit, blocked: sentThisWeek >= limit, last }
}

/** The digits of a phone number in international form, as wa.me wants them ('+39 333…' → '39333…'). */
const digits = (phone: string) => phone.replace(/[^\d]/g, '')

/**
 * The tablet's own messaging apps, the text already written: `sms:` (RFC 5724, `?body=`) and
 * WhatsApp's click-to-chat address. Nothing goes through a provider; the associate sends it.
 */
export function messageLink(channel: 'sms' | 'whatsapp', phone: string, text: string): string {
  return channel === 'sms'
    ? `sms:${phone.replace(/[^\d+]/g, '')}?body=${encodeURIComponent(text)}`
    : `https://wa.me/${digits(phone)}?text=${encodeURIComponent(text)}`
}
