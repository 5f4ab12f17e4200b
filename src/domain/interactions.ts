/**
 * What of an interaction's `text` an associate reads. Notes and follow-ups carry what the
 * associate typed; an addition to the customer's cart or wishlist carries the record that the
 * customer agreed to it; a purchase carries its order id (shown as the sale, not as text).
 */
import type { InteractionDoc } from '../shared/types'

/** The text of an addition the customer agreed to in store (src/db/customer-items.ts writes it). */
export const CONSENT_IN_STORE = 'consent:in-store'

export type InteractionNote
  = | { kind: 'quote', text: string }
    | { kind: 'consent' }
    | null

export function interactionNote(i: Pick<InteractionDoc, 'type' | 'text'>): InteractionNote {
  if (!i.text)
    return null
  if (i.type === 'note' || i.type === 'follow_up')
    return { kind: 'quote', text: i.text }
  if ((i.type === 'added_to_cart' || i.type === 'added_to_wishlist') && i.text === CONSENT_IN_STORE)
    return { kind: 'consent' }
  return null
}
