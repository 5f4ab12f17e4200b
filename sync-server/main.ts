/** Opens the configured database, migrates it and serves until SIGINT/SIGTERM. */
import type { Config } from './core/config'
import type { Database } from './storage/db'
import { buildServer } from './app'
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
  const server = await buildServer(db, config, { logger: config.logRequests })
  const address = await server.app.listen({ port: config.port, host: config.host })
  let stopping = false
  const stop = async () => {
    if (stopping)
      return
    stopping = true
    await server.close()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  return address
}
