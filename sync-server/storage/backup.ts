/**
 * Backup and restore for both engines (README, "Backup and restore"; docs/replication.md).
 *
 * - PGlite: a copy of its data directory (a gzipped tarball) taken between transactions,
 *   after a checkpoint — while the server runs (the CLI asks it: core/local-admin.ts) or
 *   while it is stopped. Restored by loading it into an empty data directory.
 * - PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, taken while serving) and
 *   `pg_restore` into an empty database.
 *
 * Why a restore moves the change positions ahead. A tablet's checkpoint is a change position
 * (storage/writer.ts). The restored data ends at the backup's last position, but a tablet that
 * synced after the backup was taken holds a checkpoint above it: changes written after the
 * restore at positions below that checkpoint would never reach it. A PostgreSQL restore is
 * worse: positions come from transaction ids, and a new cluster counts them from its own,
 * possibly much lower, number. So the restore re-anchors positions far above anything the
 * backup holds (POSITION_JUMP, a million million: more transactions than a server runs
 * between a backup and its restore) and on the restoring transaction's own id. Every
 * tablet's checkpoint then stays valid: it pulls what the backup has beyond it (nothing,
 * when it synced after the backup) and everything written from then on — it re-pulls nothing.
 * Positions stay below 2^53 (the tablets' numbers) for thousands of restores.
 */
import type { Database } from './db'
import { spawn } from 'node:child_process'
import { childEnvironment } from '../core/config'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const POSITION_JUMP = 1_000_000_000_000

/** The tables whose rows carry a change position. */
const POSITIONED = ['docs', 'scope_index', 'book'] as const

export interface Rebased { highest: number, base: number }

/** Moves every future change position above all the restored ones by POSITION_JUMP. */
export async function rebasePositions(db: Database): Promise<Rebased> {
  return db.transaction(async (tx) => {
    const highest = POSITIONED.map(t => `(SELECT coalesce(max(seq), 0) FROM ${t})`).join(', ')
    const { rows } = await tx.query<{ highest: string, base: string }>(`
      WITH old AS (SELECT GREATEST(${highest}, change_position()) AS highest)
      UPDATE change_origin SET seq_base = old.highest + $1, xid_base = pg_current_xact_id()::text::bigint
      FROM old RETURNING old.highest::text AS highest, seq_base::text AS base`, [POSITION_JUMP])
    return { highest: Number(rows[0]!.highest), base: Number(rows[0]!.base) }
  })
}

/** A PGlite data directory already holds a database (restoring over it would mix two): PGlite's own test. */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'))
}

/** Whether a PostgreSQL database (or schema on the search path) already has our tables. */
export async function hasTables(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>(`SELECT to_regclass('docs')::text AS found`)
  return rows[0]?.found != null
}

/**
 * Runs pg_dump or pg_restore on the database at `url`. Its password goes to the tool in its
 * environment (PGPASSWORD), not on its command line, where other users of the machine could
 * read it in the process list.
 */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', url: string, file: string): Promise<void> {
  const target = new URL(url)
  const password = decodeURIComponent(target.password)
  target.password = ''
  const args = tool === 'pg_dump'
    ? ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${target}`]
    : ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${target}`, file]
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'], env: childEnvironment(password ? { PGPASSWORD: password } : {}) })
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => void (errors += chunk.toString()))
    child.once('error', error => reject(new Error(`${tool} could not run (${error.message}): install PostgreSQL's client programs, the same major version as the server or newer.`)))
    child.once('exit', code => code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${errors.trim()}`)))
  })
}
