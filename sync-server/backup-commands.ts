/**
 * `npm run sync-server -- backup --file <path>` and `restore --file <path>` for both engines
 * (storage/backup.ts explains the formats and why a restore moves change positions ahead).
 */
import type { Config } from './core/config'
import type { Database } from './storage/db'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { callRunningServer, readLocalAdmin } from './core/local-admin'
import { LOCAL_BACKUP_ROUTE } from './routes/local-admin'
import { hasTables, holdsDatabase, POSITION_JUMP, rebasePositions, runPgTool } from './storage/backup'
import { openDatabase } from './storage/db'
import { migrate } from './storage/migrations'

const size = (file: string) => `${(statSync(file).size / 1_048_576).toFixed(1)} MB`

/** The running server's copy of its own database, or null when no server runs on DATA_DIR. */
async function backupFromRunningServer(config: Config): Promise<Buffer | null> {
  const reply = await callRunningServer(config.dataDir, LOCAL_BACKUP_ROUTE)
  if (reply && !reply.ok)
    throw new Error(`The running server refused the backup: ${await reply.text()}`)
  return reply && Buffer.from(await reply.arrayBuffer())
}

export async function backup(config: Config, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true })
  if (config.databaseUrl) {
    await runPgTool('pg_dump', config.databaseUrl, file)
    console.log(`Backup of PostgreSQL written to ${file} (${size(file)}, pg_dump's custom format).`)
    return
  }
  let tarball = await backupFromRunningServer(config)
  if (!tarball) {
    // Opening an empty folder would make a new, empty database, and back that up.
    if (!holdsDatabase(config.dataDir))
      throw new Error(`There is no database in ${config.dataDir} (DATA_DIR) to back up.`)
    const db = await openDatabase({ dataDir: config.dataDir })
    try {
      tarball = Buffer.from(await (await db.backup!()).arrayBuffer())
    }
    finally {
      await db.close()
    }
  }
  writeFileSync(file, tarball, { mode: 0o600 })
  console.log(`Backup of the embedded database in ${config.dataDir} written to ${file} (${size(file)}).`)
}

export async function restore(config: Config, file: string): Promise<void> {
  if (!existsSync(file))
    throw new Error(`There is no backup at ${file}.`)
  if (config.databaseUrl) {
    const db = await openDatabase({ url: config.databaseUrl, poolSize: 2 })
    try {
      if (await hasTables(db))
        throw new Error('This database already holds Clienteling\'s tables: restore into an empty database (drop and create it, or point DATABASE_URL at a new one).')
      await runPgTool('pg_restore', config.databaseUrl, file)
      await finish(db, file, 'PostgreSQL')
    }
    finally {
      await db.close()
    }
    return
  }
  const running = readLocalAdmin(config.dataDir) !== null
  if (running || holdsDatabase(config.dataDir))
    throw new Error(`${config.dataDir} already holds a database${running ? ' and a server may be running on it' : ''}: stop the server and move the folder aside (or set DATA_DIR to an empty folder), then restore.`)
  const db = await openDatabase({ dataDir: config.dataDir, startFrom: new Blob([readFileSync(file)]) })
  try {
    await finish(db, file, `the embedded database in ${config.dataDir}`)
  }
  finally {
    await db.close()
  }
}

async function finish(db: Database, file: string, into: string): Promise<void> {
  // A backup from an older version is brought up to this one's schema.
  await migrate(db)
  const { highest, base } = await rebasePositions(db)
  console.log(`Restored ${file} into ${into}.`)
  console.log(`Change positions now start at ${base} (the backup's highest: ${highest}; moved ahead by ${POSITION_JUMP}): tablets resume from their checkpoints.`)
}
