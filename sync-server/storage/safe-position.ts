/**
 * When a writer's change may be read and announced (storage/writer.ts explains positions and
 * the safe position).
 */
import type { CollectionName } from '../../src/shared/types'
import type { Database } from './db'

export const CHANGES_CHANNEL = 'sync_changes'
/** What a writer announces once its change is safe to read: the collections it changed. */
export interface ChangeNotice { collections: CollectionName[] }

const ANSWER_WAIT_MS = 2000
const LATE_WAIT_MS = 600_000

/**
 * Read your own writes, and streams that never wait: a writer answers, and its change is
 * announced, once its position is below the safe position — so a tablet that pulls right
 * after its push finds what it pushed, and a stream that pulls on the notice finds the
 * change. It waits only while a transaction that started before it is still open:
 * milliseconds, unless something holds a transaction open in the database. Then it answers
 * after 2 s, and its change is announced when that transaction has ended (or after 10 min).
 * PGlite runs one transaction at a time.
 *
 * One watcher per database does the looking and the announcing for every waiting writer:
 * one query a tick, and one notice for all the writers that became safe in it, however many
 * writers wait.
 */
export function untilSafe(db: Database, position: number, notice: ChangeNotice): Promise<void> {
  if (db.kind !== 'postgres') {
    announce(db, notice)
    return Promise.resolve()
  }
  let watcher = watchers.get(db)
  if (!watcher) {
    watcher = { waiters: [], running: false }
    watchers.set(db, watcher)
  }
  const w = watcher
  const now = Date.now()
  return new Promise((resolve) => {
    w.waiters.push({ position, answerBy: now + ANSWER_WAIT_MS, giveUpAt: now + LATE_WAIT_MS, notice, answer: resolve })
    if (!w.running)
      void watch(db, w)
  })
}

interface SafeWaiter { position: number, answerBy: number, giveUpAt: number, notice: ChangeNotice, answer: (() => void) | null }
interface SafeWatcher { waiters: SafeWaiter[], running: boolean }
const watchers = new WeakMap<Database, SafeWatcher>()

async function watch(db: Database, w: SafeWatcher): Promise<void> {
  w.running = true
  try {
    for (let pause = 1; w.waiters.length; pause = Math.min(pause * 2, 50)) {
      let safe = Number.POSITIVE_INFINITY
      try {
        safe = Number((await db.query<{ safe: string }>('SELECT safe_position()::text AS safe')).rows[0]!.safe)
      }
      catch {
        // The database went away: let everyone go (a notice too many costs a pull).
      }
      const now = Date.now()
      const waiting = w.waiters.splice(0)
      const done = new Set<CollectionName>()
      for (const waiter of waiting) {
        const safeNow = waiter.position < safe
        if (waiter.answer && (safeNow || now > waiter.answerBy)) {
          waiter.answer()
          waiter.answer = null
        }
        if (safeNow || now > waiter.giveUpAt)
          waiter.notice.collections.forEach(c => done.add(c))
        else
          w.waiters.push(waiter)
      }
      if (done.size)
        announce(db, { collections: [...done] })
      if (w.waiters.length < waiting.length)
        pause = 1
      if (w.waiters.length)
        await new Promise(resolve => setTimeout(resolve, pause))
    }
  }
  finally {
    w.running = false
  }
}

function announce(db: Database, notice: ChangeNotice): void {
  db.changes.emit('changes', notice.collections)
  if (db.kind === 'postgres') {
    // Other instances' streams; this one's heard it already. A lost notice is caught up by
    // the next one, or by the tablet's next pull.
    db.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(notice)]).catch(() => {})
  }
}
