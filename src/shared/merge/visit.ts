/**
 * Visit merge: the generic three-way field rule (fields.ts), with one exception.
 *
 * A walk-in visit is linked to a customer once. After the master holds a customer, a
 * tablet can only override it by linking the visit itself (from null on its side): a
 * stale tablet must not unlink it, nor undo the server re-pointing it when two customer
 * profiles were merged. With no base we cannot tell, so a linked master stands.
 * Store, associate and start time never change once written: the master's stand.
 * Coaching comments are added, never changed: both sides' comments are kept, by id, oldest first.
 */
import type { VisitComment, VisitDoc, WithDeleted } from '../types'
import { collectionRules } from '../collections'
import { mergeFields } from './fields'

export function mergeVisit(
  assumed: WithDeleted<VisitDoc> | null,
  master: WithDeleted<VisitDoc>,
  next: WithDeleted<VisitDoc>,
): WithDeleted<VisitDoc> {
  const fields = mergeFields(assumed, master, next, { keepMaster: [...collectionRules.visits.immutableFields, 'comments'] })
  const comments = unitedComments(master.comments, next.comments)
  const merged = comments ? { ...fields, comments } : fields
  if (master.customerId === null)
    return merged
  const linkedOnTablet = assumed !== null && assumed.customerId === null && next.customerId !== null
  return { ...merged, customerId: linkedOnTablet ? next.customerId : master.customerId }
}

function unitedComments(a: readonly VisitComment[] | undefined, b: readonly VisitComment[] | undefined): VisitComment[] | undefined {
  if (!a && !b)
    return undefined
  // The master's copy of a comment stands (a comment is never edited).
  const byId = new Map([...(b ?? []), ...(a ?? [])].map(c => [c.id, { ...c }]))
  return [...byId.values()].sort((x, y) => x.at.localeCompare(y.at) || x.id.localeCompare(y.id))
}
