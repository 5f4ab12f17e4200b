/**
 * Task state merge: a task's state is one decision (done with an outcome, snoozed to a day,
 * handed to someone), not fields to combine, so the later decision stands whole. Ties keep
 * the master: the server's order decides, as for every other write.
 */
import type { TaskDoc, WithDeleted } from '../types'

export function mergeTask(_assumed: WithDeleted<TaskDoc> | null, master: WithDeleted<TaskDoc>, next: WithDeleted<TaskDoc>): WithDeleted<TaskDoc> {
  return structuredClone(next.at > master.at ? next : master)
}
