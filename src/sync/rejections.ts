/**
 * Changes the server refused for good (a 4xx: another store's order, an associate no longer
 * active here, an edit of a placed order). RxDB would retry such a push forever and block
 * every change behind it; instead the refused document is set aside here, the rest of the
 * batch goes through, and the associate sees what was refused and why. The document itself
 * stays in the local database (nothing is dropped); this list holds only its collection,
 * id and the server's reason, so it carries no personal data. "Try again" re-sends the
 * document as it is now; "Dismiss" acknowledges it.
 */
import type { ClientelingDatabase } from '../db/types'
import { BehaviorSubject } from 'rxjs'
import { AppError, errorStatus } from '../shared/errors'
import { SyncHttpError } from '../api/http'
import { readJson, writeJson } from '../platform/local-settings'
import type { Rejection } from '../models/rejection'

const STORAGE_KEY = 'clienteling.rejections'
const subject = new BehaviorSubject<Rejection[]>(readJson<{ list: Rejection[] }>(STORAGE_KEY, { list: [] }).list)

export const rejections$ = subject.asObservable()

export function currentRejections(): Rejection[] {
  return subject.value
}

function save(list: Rejection[]): void {
  writeJson(STORAGE_KEY, list.length ? { list } : null)
  subject.next(list)
}

const same = (a: Pick<Rejection, 'collection' | 'id'>, b: Pick<Rejection, 'collection' | 'id'>) => a.collection === b.collection && a.id === b.id

export function recordRejection(rejection: Rejection): void {
  save([...subject.value.filter(r => !same(r, rejection)), rejection])
}

export function dismissRejection(key: Pick<Rejection, 'collection' | 'id'>): void {
  save(subject.value.filter(r => !same(r, key)))
}

/** After a reset: the database the documents lived in is gone. */
export function clearRejections(): void {
  save([])
}

/**
 * A refusal that repeating the same request can't change. 401 is the device's problem
 * (handled as such), 408/429 and 5xx are transient; any other 4xx is about the documents.
 */
export function isPermanentRejection(error: unknown): error is AppError | SyncHttpError {
  let status = 0
  if (error instanceof AppError)
    status = errorStatus[error.code]
  else if (error instanceof SyncHttpError)
    status = error.status
  return status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429
}

/**
 * Sends a refused document again, as it is now (after a manager re-activated an associate,
 * say): touching it makes RxDB push it once more; if it is refused again it comes back here.
 */
export async function retryRejection(db: ClientelingDatabase, rejection: Pick<Rejection, 'collection' | 'id'>): Promise<void> {
  const doc = await db[rejection.collection].findOne(rejection.id).exec()
  dismissRejection(rejection)
  await doc?.incrementalPatch({ updatedAt: new Date().toISOString() })
}
