/**
 * When each collection's replication runs (./replication.ts creates them all stopped but the
 * server-owned ones). The rules, in order:
 * - a collection replicates once its own first download has ended (./bootstrap.ts): RxDB's
 *   live upstream takes documents from the storage's change stream, so a download written
 *   under a running replication of the same collection would be pushed back; after it, the
 *   replication pulls only what changed since and pushes what was written meanwhile;
 * - the customer book's collections replicate only while the book is open (their contact
 *   fields are sealed with its key), and pause — not stop — when it locks;
 * - the history collections start after the day's age-out (./age-out.ts), which must not run
 *   while they replicate; each book opening queues behind the one before.
 */
import type { Observable } from 'rxjs'
import type { CollectionName } from '../shared/types'
import { filter } from 'rxjs'
import { COLLECTIONS } from '../shared/collections'

export interface Startable { start: () => Promise<void>, pause: () => Promise<void> }

export interface StartRules {
  replications: Record<CollectionName, Startable>
  /** the book's collections (given `bookOpen$`) */
  book: readonly CollectionName[]
  history: readonly CollectionName[]
  bookOpen$?: Observable<boolean>
  /** a first download runs: nothing replicates before its own download ends */
  downloading: boolean
  /** the day's purge of aged-out history; `wanted()` says whether it is still worth doing */
  ageOut: (wanted: () => boolean) => Promise<void>
  signal: AbortSignal
}

export interface Starter {
  /** from now on, follow the book's state (call once, in the leader tab) */
  follow: () => void
  /** a collection's first download has ended */
  downloaded: (c: CollectionName) => void
  /** resolves once `c` may be written (a book collection: once the book is open) */
  writable: (c: CollectionName) => Promise<void>
  stop: () => void
}

export function createStarter(rules: StartRules): Starter {
  const isBook = (c: CollectionName) => !!rules.bookOpen$ && rules.book.includes(c)
  const isHistory = (c: CollectionName) => rules.history.includes(c)
  const done = new Set<CollectionName>(rules.downloading ? [] : COLLECTIONS)
  let stopped = false
  let bookIsOpen = !rules.bookOpen$
  let bookSub: { unsubscribe: () => void } | undefined
  let agedOutOn = ''
  let historyQueue = Promise.resolve()

  const startNow = (c: CollectionName) => {
    if (done.has(c) && !stopped && (!isBook(c) || bookIsOpen))
      void rules.replications[c].start()
  }
  const startHistory = () => {
    historyQueue = historyQueue.then(async () => {
      const day = new Date().toISOString().slice(0, 10)
      if (agedOutOn !== day) {
        try {
          await rules.ageOut(() => bookIsOpen && !stopped)
          agedOutOn = day
        }
        catch {
          // Offline, or the book locked meanwhile: the next opening tries again; the history
          // replicates meanwhile, nothing is lost by waiting.
        }
      }
      rules.history.forEach(startNow)
    })
  }

  return {
    follow: () => {
      if (stopped)
        return
      if (!rules.bookOpen$)
        return startHistory()
      bookSub = rules.bookOpen$.subscribe((open) => {
        bookIsOpen = open
        for (const c of rules.book) {
          if (!open)
            void rules.replications[c].pause()
          else if (!isHistory(c))
            startNow(c)
        }
        if (open)
          startHistory()
      })
    },
    downloaded: (c) => {
      done.add(c)
      if (isHistory(c))
        historyQueue = historyQueue.then(() => startNow(c))
      else
        startNow(c)
    },
    writable: async (c) => {
      if (!isBook(c) || bookIsOpen)
        return
      await new Promise<void>((resolve, reject) => {
        const sub = rules.bookOpen$!.pipe(filter(Boolean)).subscribe(() => {
          sub.unsubscribe()
          resolve()
        })
        rules.signal.addEventListener('abort', () => {
          sub.unsubscribe()
          reject(new Error('stopped'))
        }, { once: true })
      })
    },
    stop: () => {
      stopped = true
      bookSub?.unsubscribe()
    },
  }
}
