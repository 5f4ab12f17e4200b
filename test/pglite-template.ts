/**
 * Vitest global setup: one migrated PGlite data directory, dumped to a file, that every test
 * database on PGlite starts from (test/server/harness.ts, test/e2e/harness.ts). PGlite's initdb
 * costs ~3 s of CPU per database and the suite opens well over a hundred; loading the dump
 * costs about one. Made afresh on every run, so it always has the current migrations.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { openDatabase } from '../sync-server/storage/db'
import { migrate } from '../sync-server/storage/migrations'

export const PGLITE_TEMPLATE = join(process.cwd(), 'test-results', 'pglite-template.tar')

export default async function setup(): Promise<void> {
  const db = await openDatabase({})
  await migrate(db)
  const dump = Buffer.from(await (await db.dump!()).arrayBuffer())
  await db.close()
  mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true })
  // Both projects make it, maybe at once: whoever renames last leaves an equal, whole file.
  const partial = `${PGLITE_TEMPLATE}.${process.pid}.${Math.random().toString(36).slice(2)}`
  writeFileSync(partial, dump)
  renameSync(partial, PGLITE_TEMPLATE)
}

/** The template to start a test database from, or nothing when the setup did not run (a lone script). */
export function pgliteTemplate(): Blob | undefined {
  try {
    return new Blob([readFileSync(PGLITE_TEMPLATE)])
  }
  catch {
    return undefined
  }
}
