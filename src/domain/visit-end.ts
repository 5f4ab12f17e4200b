/**
 * How an associate ends a visit by hand. A sale ends its visit as a purchase by itself
 * (src/db/orders.ts), so a visit still open has no sale: it ends without a purchase or with
 * a follow-up, never as a purchase (conversion would count a sale that isn't there). A
 * basket still holding items is asked about first: the associate may have forgotten the
 * checkout.
 */
export const VISIT_END_OUTCOMES = ['no_purchase', 'follow_up'] as const
export type VisitEndOutcome = typeof VISIT_END_OUTCOMES[number]
