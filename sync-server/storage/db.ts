/**
 * One small interface over the two PostgreSQL engines: PGlite (PostgreSQL compiled to WASM,
 * a folder on disk, the default) and a PostgreSQL server reached through `DATABASE_URL`.
 * Everything above this file writes plain PostgreSQL SQL and never knows which it got.
 */
import { EventEmitter } from 'node:events'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

export interface Sql {
  query: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<{ rows: T[] }>
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres'
  /**
   * Commits announced within this process, per database handle. Other instances (other
   * processes, or other handles in tests) hear of them only through NOTIFY.
   */
  readonly changes: EventEmitter
  transaction: <T>(fn: (tx: Sql) => Promise<T>) => Promise<T>
  /** Subscribes to NOTIFY on a channel; returns the unsubscribe function. */
  listen: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>
  close: () => Promise<void>
  /** PGlite only: its data directory as a tarball, to start other databases from (`startFrom`) */
  dump?: () => Promise<Blob>
  /**
   * PGlite only: a consistent, compressed copy of its data directory while it serves
   * (storage/backup.ts): taken between transactions, after a checkpoint.
   */
  backup?: () => Promise<Blob>
}

export interface DatabaseOptions {
  /** postgres://… ; when absent, PGlite in `dataDir` (or in memory when dataDir is absent too) */
  url?: string
  dataDir?: string
  /** Put every table in this schema (tests use one schema per server on a shared PostgreSQL). */
  schema?: string
  /** connections to a PostgreSQL server (default 10; DATABASE_POOL_SIZE in core/config.ts) */
  poolSize?: number
  /** named prepared statements on a PostgreSQL server (default on; DATABASE_PREPARE=0 turns them off) */
  prepare?: boolean
  /**
   * PGlite only: a dumped data directory to start from instead of an empty one. The tests start
   * every server from one migrated template: PGlite's initdb costs seconds of CPU each time.
   */
  startFrom?: Blob
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir, options.schema, options.startFrom)
}

async function openPglite(dataDir: string | undefined, schema: string | undefined, startFrom: Blob | undefined): Promise<Database> {
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(startFrom ? { loadDataDir: startFrom } : {}) })
  if (schema)
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)}`)
  return {
    kind: 'pglite',
    changes: newChangeEmitter(),
    query: (text, params) => db.query(text, params),
    // PGlite has one backend: it runs transactions and single queries one at a time, so a
    // read never sees the middle of a transaction.
    transaction: fn => db.transaction(tx => fn({ query: (text, params) => tx.query(text, params) })),
    listen: async (channel, onPayload) => db.listen(channel, onPayload),
    close: () => db.close(),
    dump: async () => db.dumpDataDir('none'),
    // Inside a transaction of our own: no other writer's transaction is half done in the copy
    // (PGlite runs one at a time), and the checkpoint leaves little WAL to replay on restore.
    backup: () => db.transaction(async (tx) => {
      await tx.query('CHECKPOINT')
      return db.dumpDataDir('gzip')
    }),
  }
}

/**
 * Statements with parameters are prepared once per connection (a name per SQL text) and then
 * only bound and run: PostgreSQL skips parsing and planning them again, which measured ~17 %
 * more pushes a second (bench:push). Every SQL text here is a constant, so the names are few;
 * a cap keeps a future dynamic one from growing the map. DATABASE_PREPARE=0 (`prepare: false`) turns it off for a
 * pooler that can't keep prepared statements (PgBouncer in transaction mode before 1.21).
 */
const MAX_PREPARED = 2000
const names = new Map<string, string>()
function prepared(text: string, values?: unknown[]): pg.QueryConfig {
  if (!values?.length)
    return { text, values }
  let name = names.get(text)
  if (!name && names.size < MAX_PREPARED) {
    name = `q${names.size}`
    names.set(text, name)
  }
  return name ? { name, text, values } : { text, values }
}

async function openPostgres(url: string, { schema, poolSize = 10, prepare = true }: DatabaseOptions): Promise<Database> {
  const statement = prepare ? prepared : (text: string, values?: unknown[]): pg.QueryConfig => ({ text, values })
  // search_path as a connection option, so every pooled connection (and LISTEN's) has it.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
  })
  if (schema)
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
  const listeners = new Map<string, Set<(payload: string) => void>>()
  let listenClient: pg.PoolClient | null = null

  return {
    kind: 'postgres',
    changes: newChangeEmitter(),
    query: async <T>(text: string, params?: unknown[]) => (await pool.query(statement(text, params))) as unknown as { rows: T[] },
    transaction: async (fn) => {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({ query: async <T>(text: string, params?: unknown[]) => (await client.query(statement(text, params))) as unknown as { rows: T[] } })
        await client.query('COMMIT')
        return result
      }
      catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      }
      finally {
        client.release()
      }
    },
    listen: async (channel, onPayload) => {
      if (!listenClient) {
        listenClient = await pool.connect()
        listenClient.on('notification', (message) => {
          for (const handler of listeners.get(message.channel) ?? []) handler(message.payload ?? '')
        })
      }
      let handlers = listeners.get(channel)
      if (!handlers) {
        handlers = new Set()
        listeners.set(channel, handlers)
        await listenClient.query(`LISTEN ${quoteIdent(channel)}`)
      }
      handlers.add(onPayload)
      return async () => {
        handlers.delete(onPayload)
      }
    },
    close: async () => {
      listenClient?.release()
      listenClient = null
      await pool.end()
    },
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name))
    throw new Error(`unsafe identifier: ${name}`)
  return `"${name}"`
}

function newChangeEmitter(): EventEmitter {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(0)
  return emitter
}
