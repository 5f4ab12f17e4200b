/**
 * npm run sync-server -- serve | seed --customers N | enroll-code [--store <id>]
 *                        | manager-stores --associate <id> --store <id>   (an area manager's extra store)
 *                        | devices [--store <id>] | revoke-device --device <id>
 *                        | create-admin --login <login> --name <name> [--role contact_centre]   (head office; prints its password once)
 *                        | api-key create --name <name> --scopes <events:write,profiles:read,…> | api-key list | api-key revoke --id <id>
 *                        | backup --file <path> | restore --file <path>   (both engines: sync-server/backup-commands.ts)
 * npm start             seeds the demo data on first run, then serves.
 */
import type { Config } from './core/config'
import type { OfficeRole } from './office/accounts'
import type { Database } from './storage/db'
import { parseArgs } from 'node:util'
import { createEnrollCode, listDevices, revokeDevice } from './auth/devices'
import { loadConfig } from './core/config'
import { callRunningServer } from './core/local-admin'
import { createOfficeAccount } from './office/accounts'
import { LOCAL_ADMIN_ROUTE, LOCAL_API_KEYS_ROUTE, LOCAL_OFFICE_ROUTE } from './routes/local-admin'
import { backup, restore } from './backup-commands'
import { type ApiKeyAnswer, apiKeyRequest, printApiKeyAnswer, runApiKeyCommand } from './integrations/cli'
import { openConfiguredDatabase, serve } from './main'
import { DEMO_PINS } from './seed'
import { seedDemo } from './seed/load'
import { DEMO_ADMIN, DEMO_AGENT } from './seed/office'

const DEMO_COMMERCE_SECRET = 'demo-commerce-secret'

/** The answer of the server running on this data directory, or null when none is running. */
async function askRunningServer<T extends object>(config: Config, route: string, payload: object): Promise<T | null> {
  const reply = await callRunningServer(config.dataDir, route, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) })
  if (!reply)
    return null
  const body = await reply.json() as T | { error: { message: string } }
  if ('error' in body)
    throw new Error(body.error.message)
  return body
}

async function withDatabase<T>(config: Config, run: (db: Database) => Promise<T>): Promise<T> {
  const db = await openConfiguredDatabase(config)
  try {
    return await run(db)
  }
  finally {
    await db.close()
  }
}

function printAdmin(account: { login: string, role: OfficeRole }, password: string): void {
  const what = account.role === 'contact_centre' ? 'Contact-centre agent' : 'Head-office admin'
  console.log(`${what} ${account.login} created: sign in at /office. The password, shown only now:`)
  console.log(password)
}

async function firstStoreId(db: Database): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM docs WHERE collection = 'stores' AND NOT deleted AND data->>'kind' = 'store' ORDER BY id LIMIT 1`,
  )
  if (!rows[0])
    throw new Error('There are no stores yet: run `npm run sync-server -- seed` first.')
  return rows[0].id
}

/** What the server listens on, said truthfully: 0.0.0.0 is every interface, not 127.0.0.1. */
function listeningOn(config: Pick<Config, 'host' | 'port'>): string {
  const where = config.host === '0.0.0.0' || config.host === '::' ? 'all interfaces' : config.host
  return `${where}, port ${config.port}`
}

function printPins(): void {
  console.log('Demo sign-in (staff code → PIN):')
  for (const p of DEMO_PINS)
    console.log(`  ${p.storeId.padEnd(26)} ${p.staffCode}  ${p.displayName.padEnd(22)} ${p.role.padEnd(9)} PIN ${p.pin}`)
  console.log(`Demo head office at /office: login ${DEMO_ADMIN.login}, password ${DEMO_ADMIN.password}`)
  console.log(`Demo contact centre at /office: login ${DEMO_AGENT.login}, password ${DEMO_AGENT.password}`)
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...given] = argv
  // `api-key` has its own verbs: create, list, revoke.
  const verb = command === 'api-key' ? given[0] ?? '' : ''
  const rest = command === 'api-key' ? given.slice(1) : given
  const { values } = parseArgs({
    args: rest,
    options: { file: { type: 'string' }, customers: { type: 'string' }, store: { type: 'string' }, associate: { type: 'string' }, device: { type: 'string' }, login: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, scopes: { type: 'string' }, id: { type: 'string' } },
    allowPositionals: false,
  })
  const config: Config = loadConfig()
  // A server running on the embedded database owns it: ask it rather than open its files.
  if (command === 'create-admin' && (!values.login || !values.name))
    throw new Error('create-admin needs --login <login> --name <name>')
  if (command === 'create-admin' && !config.databaseUrl) {
    const made = await askRunningServer<{ account: { login: string, role: OfficeRole }, password: string }>(config, LOCAL_OFFICE_ROUTE, { login: values.login, displayName: values.name, role: values.role ?? 'admin' })
    if (made) {
      printAdmin(made.account, made.password)
      return
    }
  }
  if (command === 'api-key') {
    const request = apiKeyRequest(verb, values)
    const answer = (!config.databaseUrl && await askRunningServer<ApiKeyAnswer>(config, LOCAL_API_KEYS_ROUTE, request))
      || await withDatabase(config, db => runApiKeyCommand(db, request))
    printApiKeyAnswer(answer)
    return
  }
  if (command === 'backup' || command === 'restore') {
    // Before anything opens the database: a restore needs it empty, a backup may ask the running server.
    if (!values.file)
      throw new Error(`${command} needs --file <path>`)
    await (command === 'backup' ? backup : restore)(config, values.file)
    return
  }
  if (command === 'enroll-code' && !config.databaseUrl) {
    const issued = await askRunningServer<{ storeId: string, code: string }>(config, LOCAL_ADMIN_ROUTE, values.store ? { storeId: values.store } : {})
    if (issued) {
      console.log(`One-time enrollment code for ${issued.storeId} (valid 72 hours):`)
      console.log(issued.code)
      return
    }
  }
  const db = await openConfiguredDatabase(config)
  switch (command) {
    case 'serve': {
      if (!config.commerceSecret)
        console.warn('COMMERCE_SECRET is not set: commerce events will be refused.')
      await serve(config, db)
      console.log(`Sync-server listening on ${listeningOn(config)} (${db.kind})`)
      return
    }
    case 'seed': {
      const customers = Number(values.customers ?? config.demoCustomers)
      if (!Number.isInteger(customers) || customers < 0)
        throw new Error('--customers takes a whole number')
      const result = await seedDemo(db, { customers, log: console.log, pinIterations: config.pinIterations })
      console.log(`Seeded: ${result.written} documents written, ${result.skipped} already there.`)
      printPins()
      await db.close()
      return
    }
    case 'enroll-code': {
      const storeId = values.store ?? await firstStoreId(db)
      const code = await createEnrollCode(db, storeId)
      await db.close()
      console.log(`One-time enrollment code for ${storeId} (valid 72 hours):`)
      console.log(code)
      return
    }
    case 'create-admin': {
      const made = await createOfficeAccount(db, { login: values.login!, displayName: values.name!, role: (values.role ?? 'admin') as OfficeRole }, config.pinIterations).finally(() => db.close())
      printAdmin(made.account, made.password)
      return
    }
    case 'devices': {
      const devices = await listDevices(db, values.store)
      await db.close()
      for (const d of devices)
        console.log(`${d.id}  ${d.storeId.padEnd(24)} ${d.name.padEnd(24)} last sync ${d.lastSeenAt ?? 'never'}${d.revokedAt ? `  REVOKED ${d.revokedAt}` : ''}`)
      return
    }
    case 'revoke-device': {
      if (!values.device)
        throw new Error('revoke-device needs --device <id> (see `devices`)')
      const revoked = await revokeDevice(db, values.device)
      await db.close()
      console.log(`Revoked ${revoked.id} (${revoked.name}): its next request wipes its local data.`)
      return
    }
    case 'manager-stores': {
      if (!values.associate || !values.store)
        throw new Error('manager-stores needs --associate <manager id> --store <store id>')
      const found = await db.query(`SELECT 1 FROM docs WHERE collection = 'associates' AND id = $1 AND data->>'role' = 'manager'`, [values.associate])
      const store = await db.query(`SELECT 1 FROM docs WHERE collection = 'stores' AND id = $1`, [values.store])
      if (!found.rows.length || !store.rows.length)
        throw new Error('No such manager or store.')
      await db.query('INSERT INTO manager_stores (associate_id, store_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [values.associate, values.store])
      await db.close()
      console.log(`${values.associate} now sees the reports of ${values.store} too.`)
      return
    }
    case 'start': {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = 'stores'`)
      if (!Number(rows[0]?.n))
        await seedDemo(db, { customers: config.demoCustomers, log: console.log, pinIterations: config.pinIterations })
      // The demo shows its receipts at /mail; `serve` does only with MAIL_PREVIEW=1.
      const started = { ...config, commerceSecret: config.commerceSecret ?? DEMO_COMMERCE_SECRET, mailPreview: !config.smtpUrl }
      const storeId = await firstStoreId(db)
      const code = await createEnrollCode(db, storeId)
      await serve(started, db)
      printPins()
      console.log(`Commerce webhook secret: ${config.commerceSecret ? '(from COMMERCE_SECRET)' : DEMO_COMMERCE_SECRET}`)
      console.log(`Clienteling is running on http://localhost:${started.port} (${db.kind}; listening on ${listeningOn(started)}).`)
      if (started.mailPreview)
        console.log(`Receipts are not e-mailed (no SMTP_URL): read them at http://localhost:${started.port}/mail`)
      console.log(`Enrollment code for ${storeId}: ${code}`)
      return
    }
    default:
      throw new Error(`Unknown command ${command}. Use serve, seed --customers N, enroll-code [--store <id>], manager-stores --associate <id> --store <id>, devices [--store <id>], revoke-device --device <id>, backup --file <path>, restore --file <path> or start.`)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
