/**
 * How a visit may end, from what happened in it. A sale placed in the visit makes it a
 * purchase (conversion counts it), so that is the only outcome then; without one it cannot
 * be a purchase. A basket still holding items when the visit ends without a sale is asked
 * about first: the associate may have forgotten the checkout.
 */
import type { VisitEndOutcome } from '../db/visits'

export interface VisitEndFacts {
  /** the sale placed in this visit, if any */
  orderId: string | null
  /** pieces in the visit's basket not yet sold */
  basketCount: number
}

export function endOutcomes(facts: VisitEndFacts): VisitEndOutcome[] {
  return facts.orderId ? ['purchase'] : ['no_purchase', 'follow_up']
}

/** Ending this way leaves items in the basket unsold: ask before. */
export function endLeavesBasket(facts: VisitEndFacts, outcome: VisitEndOutcome): boolean {
  return outcome !== 'purchase' && !facts.orderId && facts.basketCount > 0
}
