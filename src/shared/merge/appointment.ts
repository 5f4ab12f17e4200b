/**
 * Appointment merge: the generic three-way field rule (fields.ts) — a field one tablet changed
 * wins over the master, so a reschedule on one tablet and a note on another both stand —
 * with the invite's sequence kept right: when the merged time differs from the master's, the
 * customer needs a new invite, so the sequence rises above the master's; otherwise the
 * master's stands. Who booked it and for whom never change; the overlaps are the server's.
 */
import type { AppointmentDoc, WithDeleted } from '../types'
import { collectionRules } from '../collections'
import { mergeFields } from './fields'

export function mergeAppointment(
  assumed: WithDeleted<AppointmentDoc> | null,
  master: WithDeleted<AppointmentDoc>,
  next: WithDeleted<AppointmentDoc>,
): WithDeleted<AppointmentDoc> {
  const rules = collectionRules.appointments
  const merged = mergeFields(assumed, master, next, { keepMaster: [...rules.immutableFields, ...rules.serverFields, 'sequence'] })
  const moved = merged.start !== master.start || merged.end !== master.end
  return { ...merged, sequence: moved ? Math.max(master.sequence + 1, next.sequence) : master.sequence }
}
