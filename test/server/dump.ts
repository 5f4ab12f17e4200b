/** Every row of the named tables as one string: compare before and after to show a refused request changed nothing. */
import type { Database } from '../../sync-server/storage/db'

export async function dumpTables(db: Database, tables: readonly string[]): Promise<string> {
  const parts: string[] = []
  for (const table of tables) {
    const { rows } = await db.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM ${table} t ORDER BY 1`)
    parts.push(`${table}:${rows.map(r => r.r).join('\n')}`)
  }
  return parts.join('\n')
}

/** The highest change position any document, book entry or scope entry carries: unchanged means nothing was written for tablets. */
export async function lastChange(db: Database): Promise<string> {
  const { rows } = await db.query<{ p: string | null }>(`SELECT greatest((SELECT max(seq) FROM docs), (SELECT max(seq) FROM book), (SELECT max(seq) FROM scope_index))::text AS p`)
  return rows[0]?.p ?? '0'
}
