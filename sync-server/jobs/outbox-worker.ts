/**
 * One worker for every outbox (commerce webhooks, receipts, and those still to come): rows
 * written in the transaction of the change they announce, delivered by a background loop.
 *
 * - Claiming: a pass leases due rows in a short transaction (`FOR UPDATE SKIP LOCKED`, then
 *   `next_attempt_at` moved past the lease) and commits, so several sync-server instances
 *   never deliver the same row at the same time, and delivery happens with no transaction
 *   open: a slow receiver holds no lock and no connection a push needs (PGlite has only one).
 *   A process that dies mid-delivery leaves the lease to expire and the row is tried again.
 * - An outbox may narrow what is claimable (`claimableWhen`: e.g. in order per document,
 *   below the safe position) and the order rows go out in.
 * - Success marks the row done (`doneColumn`); a failure counts an attempt, keeps the reason
 *   and waits with exponential back-off up to a cap; past `giveUpAfterMs` (when the outbox
 *   has a `failed_at` column) it is marked failed for good.
 * - Done and failed rows are deleted after `retentionMs`: they may hold personal data.
 *
 * Every outbox table has: id, created_at, attempts, next_attempt_at, last_error and its done
 * column (and failed_at to give up).
 */
import type { Database } from '../storage/db'
import { startPassLoop } from '../core/loop'

export interface OutboxRow { id: string, attempts: number, age_ms: number }

/** Thrown by a delivery that can never succeed (the message's customer is gone, say): given up at once. */
export class GiveUp extends Error {}

export interface OutboxWorkerOptions<Row extends OutboxRow> {
  db: Database
  table: string
  doneColumn: string
  /** the row's other columns a delivery needs */
  columns: string[]
  /** SQL over the outbox row (alias `o`) that must also hold for it to be claimed */
  claimableWhen?: string
  orderBy: string
  /** delivers one row; a throw is a failed attempt, its message the reason kept */
  deliver: (row: Row) => Promise<void>
  /** after the row is marked done */
  delivered?: (row: Row) => Promise<void>
  /** after the row is marked failed for good */
  gaveUp?: (row: Row, reason: string) => Promise<void>
  /** 'parallel' when claimable rows never depend on each other; else one at a time */
  delivery: 'parallel' | 'serial'
  intervalMs: number
  maxBackoffMs: number
  leaseMs: number
  batchSize: number
  /** rows older than this that still fail are marked failed (needs a failed_at column) */
  giveUpAfterMs?: number
  retentionMs: number
  pruneIntervalMs: number
  onError: (error: unknown) => void
}

export interface OutboxWorker {
  /** one pass now (after any pass under way); resolves to the number delivered */
  flush: () => Promise<number>
  stop: () => Promise<void>
}

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 480)

export function startOutboxWorker<Row extends OutboxRow>(options: OutboxWorkerOptions<Row>): OutboxWorker {
  const { db, table, doneColumn, intervalMs, maxBackoffMs, giveUpAfterMs } = options
  const canFail = giveUpAfterMs !== undefined
  const open = `o.${doneColumn} IS NULL${canFail ? ' AND o.failed_at IS NULL' : ''}`
  const claimSql = `
    UPDATE ${table} SET next_attempt_at = now() + $2::int * interval '1 millisecond'
    WHERE id IN (
      SELECT o.id FROM ${table} o
      WHERE ${open} AND o.next_attempt_at <= now()${options.claimableWhen ? ` AND ${options.claimableWhen}` : ''}
      ORDER BY ${options.orderBy} LIMIT $1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, attempts, (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms${options.columns.map(c => `, ${c}`).join('')}`
  const claim = () => db.transaction(async tx => (await tx.query<Row>(claimSql, [options.batchSize, options.leaseMs])).rows)

  async function attempt(row: Row): Promise<boolean> {
    let reason: string
    let hopeless = false
    try {
      await options.deliver(row)
      await db.query(`UPDATE ${table} SET ${doneColumn} = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [row.id])
      await options.delivered?.(row)
      return true
    }
    catch (e) {
      reason = reasonOf(e)
      hopeless = e instanceof GiveUp
    }
    if (canFail && (hopeless || row.age_ms >= giveUpAfterMs)) {
      await db.query(`UPDATE ${table} SET failed_at = now(), attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, reason])
      await options.gaveUp?.(row, reason)
      return false
    }
    const delay = Math.min(maxBackoffMs, intervalMs * 2 ** (row.attempts + 1))
    await db.query(`UPDATE ${table} SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3::int * interval '1 millisecond' WHERE id = $1`, [row.id, reason, delay])
    return false
  }

  let prunedAt = 0
  const prune = async () => {
    if (Date.now() - prunedAt < options.pruneIntervalMs)
      return
    prunedAt = Date.now()
    const finished = canFail ? `coalesce(${doneColumn}, failed_at)` : doneColumn
    await db.query(`DELETE FROM ${table} WHERE ${finished} < now() - $1::bigint * interval '1 millisecond'`, [options.retentionMs])
  }

  const loop = startPassLoop(async () => {
    await prune()
    const rows = await claim()
    if (options.delivery === 'parallel')
      return (await Promise.all(rows.map(attempt))).filter(Boolean).length
    let delivered = 0
    for (const row of rows) {
      if (await attempt(row))
        delivered++
    }
    return delivered
  }, { intervalMs, onError: options.onError })

  return { flush: loop.run, stop: loop.stop }
}
