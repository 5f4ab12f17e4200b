/**
 * Autovacuum's work, for PGlite. A PostgreSQL server vacuums and analyzes its tables in the
 * background; PGlite runs PostgreSQL single-user, with no autovacuum, so without this its
 * tables would never get statistics nor give back dead rows. Without statistics the planner
 * takes a table of 200,000 rows for an empty one: a first download of 20,000 customers joined
 * every customer document with a bitmap heap scan of its own (one file-size call to the disk
 * per row) instead of an index lookup, and index-only scans still read every row, the
 * visibility map never set.
 *
 * A pass reads PostgreSQL's own counters (pg_stat_user_tables) and, like autovacuum with its
 * default settings, analyzes a table once the rows changed since its last analyze exceed
 * 50 + 10 % of its rows, and vacuums it once its dead rows exceed 50 + 20 % or the rows
 * inserted since its last vacuum exceed 1,000 + 20 % (a vacuum marks pages all-visible, which
 * lets an index-only scan, as a pull's read of the scope index, skip the table). The server runs a
 * pass at start and then every UPKEEP_INTERVAL_MS (PGlite only); a bulk load runs one at its end.
 */
import type { PassLoop } from '../core/loop'
import type { Database, Sql } from './db'
import { startPassLoop } from '../core/loop'
import { quoteIdent } from './db'

export interface TableWork {
  table: string
  vacuum: boolean
  analyze: boolean
}

interface StatRow { table: string, live: number, dead: number, inserted: number, changed: number, analyzed: boolean }

/** The tables of the current schema that autovacuum's default thresholds would work on now. */
export async function tablesDue(sql: Sql): Promise<TableWork[]> {
  // A backend hands its counters over at most once a second; PGlite is one backend, so
  // without this a pass would not see the writes of the last second.
  await sql.query('SELECT pg_stat_force_next_flush()')
  const { rows } = await sql.query<StatRow>(`
    SELECT relname AS table, n_live_tup::float8 AS live, n_dead_tup::float8 AS dead, n_ins_since_vacuum::float8 AS inserted,
           n_mod_since_analyze::float8 AS changed, (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analyzed
    FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname`)
  return rows.flatMap((r) => {
    const analyze = r.changed > 50 + 0.1 * r.live || (!r.analyzed && r.live > 0)
    const vacuum = r.dead > 50 + 0.2 * r.live || r.inserted > 1000 + 0.2 * r.live
    return analyze || vacuum ? [{ table: r.table, vacuum, analyze }] : []
  })
}

/** Vacuums and analyzes what is due, one table at a time; returns how many tables were worked on. */
export async function upkeepPass(sql: Sql): Promise<number> {
  const due = await tablesDue(sql)
  for (const { table, vacuum, analyze } of due)
    await sql.query(vacuum ? `VACUUM ${analyze ? '(ANALYZE) ' : ''}${quoteIdent(table)}` : `ANALYZE ${quoteIdent(table)}`)
  return due.length
}

/** PGlite's autovacuum: a pass now and every `intervalMs`. A PostgreSQL server has its own: null. */
export function startUpkeep(db: Database, options: { intervalMs: number, onError: (error: unknown) => void }): PassLoop | null {
  if (db.kind !== 'pglite')
    return null
  const loop = startPassLoop(() => upkeepPass(db), options)
  void loop.run()
  return loop
}
