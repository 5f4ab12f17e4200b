/**
 * A batch of commerce events (an array body): applied in one transaction, in its order,
 * after locking every key it touches at once, and answered one result per event.
 *
 * One bad event must not cost the others: when an event fails, the transaction is rolled
 * back and run again without it (its error becomes its result). A savepoint per event would
 * do the same at two more round trips for every event, and bad events are rare; the rerun
 * costs only when there is one.
 *
 * Runs of cart and wishlist events — the bulk of what a web shop sends — go through the
 * set-based path (./list-events.ts): a few statements for the whole run instead of several
 * per event. Other events are applied one at a time, in their place in the order.
 */
import type { CommerceEventResult } from '../../src/shared/endpoints'
import type { CommerceEvent } from '../../src/shared/protocol'
import type { Database } from '../storage/db'
import type { Writer } from '../storage/writer'
import type { EventOutcome } from './events'
import type { ErrorCode } from '../../src/shared/errors'
import { AppError } from '../../src/shared/errors'
import { withWriter } from '../storage/writer'
import { applyOne, eventLockKeys, EventRefused, parseEvent } from './events'
import { applyListEvents, isListEvent } from './list-events'

/** One event's answer in a batch: its outcome, or why it was refused (and nothing of it applied). */
export type EventResult = CommerceEventResult

/** More than this in one body is refused: one transaction should stay short. */
export const MAX_BATCH_EVENTS = 1000

export async function applyEvents(db: Database, bodies: unknown[]): Promise<EventResult[]> {
  if (bodies.length > MAX_BATCH_EVENTS)
    throw new AppError('batch-too-large', `A batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${bodies.length}.`)
  const results: (EventResult | null)[] = bodies.map(() => null)
  const events = new Map<number, CommerceEvent>()
  bodies.forEach((body, i) => {
    try {
      events.set(i, parseEvent(body))
    }
    catch (error) {
      results[i] = refusal(idOf(body), error as AppError)
    }
  })
  for (;;) {
    const pending = [...events]
    if (!pending.length)
      break
    const failed = await withWriter(db, async (w) => {
      await w.lock(pending.flatMap(([, e]) => eventLockKeys(e)))
      const outcomes = await applyInOrder(w, pending)
      outcomes.forEach(([i, outcome]) => results[i] = { id: events.get(i)!.id, outcome })
      return null
    }).catch((error: unknown) => {
      if (error instanceof EventRefused)
        return error
      throw error
    })
    if (!failed)
      break
    results[failed.index] = refusal(events.get(failed.index)!.id, failed.error)
    events.delete(failed.index)
  }
  return results as EventResult[]
}

async function applyInOrder(w: Writer, pending: [number, CommerceEvent][]): Promise<[number, EventOutcome][]> {
  const outcomes: [number, EventOutcome][] = []
  for (let k = 0; k < pending.length;) {
    let end = k
    while (end < pending.length && isListEvent(pending[end]![1]))
      end++
    if (end > k) {
      outcomes.push(...await applyListEvents(w, pending.slice(k, end)))
      k = end
      continue
    }
    const [i, event] = pending[k]!
    try {
      outcomes.push([i, await applyOne(w, event)])
    }
    catch (error) {
      // Only the event's own fault is its answer; anything else fails the batch.
      if (!(error instanceof AppError))
        throw error
      throw new EventRefused(i, error)
    }
    k++
  }
  return outcomes
}

/** One event (a body that is not an array): a batch of one, whose refusal is the request's error. */
export async function applySingleEvent(db: Database, body: unknown): Promise<{ id: string, outcome: EventOutcome }> {
  const [result] = await applyEvents(db, [body])
  if (result!.outcome === 'refused')
    throw new AppError(result!.error.code as ErrorCode, result!.error.message)
  return { id: result!.id!, outcome: result!.outcome }
}

function refusal(id: string | null, error: AppError): EventResult {
  return { id, outcome: 'refused', error: { code: error.code, message: error.message } }
}

function idOf(body: unknown): string | null {
  const id = (body as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : null
}
