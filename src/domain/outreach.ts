/**
 * Which channels an associate may use to reach out to a customer (new arrivals, offers,
 * "your size is back"): only those the customer granted, as the latest capture says. A
 * withdrawal replicated from the web or another tablet removes the channel at once.
 */
import type { ConsentChannel, CustomerDoc } from '../shared/types'

export interface Outreach { email: string | null, sms: string | null, phone: string | null }

export function outreachFor(customer: Pick<CustomerDoc, 'email' | 'phone' | 'consents'>): Outreach {
  const granted = (channel: ConsentChannel) => customer.consents[channel]?.granted === true
  const number = customer.phone?.replace(/[^\d+]/g, '') || null
  return {
    email: granted('email') && customer.email ? customer.email : null,
    sms: granted('sms') ? number : null,
    phone: granted('phone') ? number : null,
  }
}
