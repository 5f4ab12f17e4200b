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
  const stop = async (signal: string) => {
    if (stopping)
      return
    stopping = true
    const started = Date.now()
    console.log(`Sync-server stopping (${signal}): answering the requests in flight, at most ${config.shutdownGraceMs} ms`)
    // The bound: an orchestrator kills what outlives its grace period anyway; exiting first says so.
    setTimeout(() => {
      console.error(`Sync-server did not stop within ${config.shutdownGraceMs} ms (SHUTDOWN_GRACE_MS): exiting anyway`)
      process.exit(1)
    }, config.shutdownGraceMs).unref()
    if (localAdminToken)
      removeLocalAdmin(config.dataDir, localAdminToken)
    await server.close()
    await db.close()
    console.log(`Sync-server stopped in ${Date.now() - started} ms`)
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  return address
}
