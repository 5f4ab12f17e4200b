/**
 * Schema migrations, applied in order at start under an advisory lock so that several
 * sync-server instances starting together on one PostgreSQL apply each migration once.
 *
 * Storage model: every replicated document is one row of `docs` (jsonb, as the tablet
 * sees it, `_deleted` included). `seq` is the writing transaction's change position
 * (migration 10; storage/writer.ts explains why readers stay below `safe_position()`).
 * `scope_index` says which store's tablets see a customer-related document and from which
 * sequence position: a customer entering a store's book gets all their documents indexed
 * there at a new position, so tablets whose checkpoint is already past the documents' own
 * `seq` still receive them.
 */
import type { Database } from './db'
import { FIRST_ROUND } from './migrations-first-round'
import { SECOND_ROUND } from './migrations-second-round'

/** Version n is the n-th entry (the comments give each one's number). Add new ones at the end of the last file. */
const MIGRATIONS: string[] = [...FIRST_ROUND, ...SECOND_ROUND]

const MIGRATION_LOCK = 7_245_000

export async function migrate(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations')
    const applied = new Set(rows.map(r => Number(r.version)))
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1
      if (applied.has(version))
        continue
      for (const statement of splitStatements(sql))
        await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version])
    }
  })
}

/** How many migrations the database has, of how many this server's code has (readiness, /readyz). */
export async function migrationState(db: Database): Promise<{ applied: number, latest: number }> {
  const { rows } = await db.query<{ applied: number }>('SELECT count(*)::int AS applied FROM schema_migrations WHERE version <= $1', [MIGRATIONS.length])
  return { applied: Number(rows[0]?.applied ?? 0), latest: MIGRATIONS.length }
}

/** Extended-protocol queries take one statement each; our migrations have no `;` in strings. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map(s => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean)
}
