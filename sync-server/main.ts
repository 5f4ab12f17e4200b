/** Opens the configured database, migrates it and serves until SIGINT/SIGTERM. */
import type { Config } from './core/config'
import type { Database } from './storage/db'
import { randomBytes } from 'node:crypto'
import { buildServer } from './app'
import { loopbackUrl, removeLocalAdmin, writeLocalAdmin } from './core/local-admin'
import { openDatabase } from './storage/db'
import { migrate } from './storage/migrations'

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const db = await openDatabase(config.databaseUrl
    ? { url: config.databaseUrl, poolSize: config.databasePoolSize, prepare: config.databasePrepare }
    : { dataDir: config.dataDir })
  await migrate(db)
  return db
}

export async function serve(config: Config, db: Database): Promise<string> {
  // The embedded database is this process's alone: the CLI asks the server (core/local-admin.ts).
  const localAdminToken = db.kind === 'pglite' ? randomBytes(32).toString('base64url') : undefined
  const server = await buildServer(db, config, { logger: config.logRequests, localAdminToken })
  const address = await server.app.listen({ port: config.port, host: config.host })
  if (localAdminToken)
    writeLocalAdmin(config.dataDir, { url: loopbackUrl(config.host, Number(new URL(address).port)), token: localAdminToken, pid: process.pid })
  let stopping = false
  const stop = async () => {
    if (stopping)
      return
    stopping = true
    if (localAdminToken)
      removeLocalAdmin(config.dataDir, localAdminToken)
    await server.close()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  return address
}
