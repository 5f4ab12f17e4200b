import type { EnrollResponse } from '../../src/shared/protocol'
/**
 * Starts a real sync-server on a random port over a real database: PGlite in memory
 * always, and PostgreSQL (one fresh schema per server) when TEST_DATABASE_URL is set.
 */
import type { OutboxSender } from '../../sync-server/outbound/outbox'
import type { Config } from '../../sync-server/core/config'
import type { PassLoop } from '../../sync-server/core/loop'
import type { ReceiptSender } from '../../sync-server/mail/sender'
import type { OutreachSender } from '../../sync-server/outreach/sender'
import type { AppointmentMailer } from '../../sync-server/appointments/mail'
import type { Database } from '../../sync-server/storage/db'
import type { DocBatch } from '../../sync-server/storage/load'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildServer } from '../../sync-server/app'
import { loadConfig } from '../../sync-server/core/config'
import { createEnrollCode } from '../../sync-server/auth/devices'
import { pgliteTemplate } from '../pglite-template'
import { openDatabase } from '../../sync-server/storage/db'
import { loadDocuments } from '../../sync-server/storage/load'
import { migrate } from '../../sync-server/storage/migrations'

export type Backend = 'pglite' | 'postgres'

export const BACKENDS: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

export const COMMERCE_SECRET = 'test-commerce-secret'

export interface TestServer {
  url: string
  db: Database
  backend: Backend
  outbox: OutboxSender | null
  receipts: ReceiptSender
  outreach: OutreachSender
  appointments: AppointmentMailer
  /** PGlite's vacuum and analyze loop (null on PostgreSQL) */
  upkeep: PassLoop | null
  config: Config
  /** the server's log lines, as written */
  log: string[]
  load: (batch: DocBatch) => Promise<void>
  enroll: (storeId: string, name?: string) => Promise<EnrollResponse>
  close: () => Promise<void>
}

/** The e-mails and phone numbers (as typed and as keys) of the database's customers. */
async function storedContacts(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ v: string }>(`
    SELECT DISTINCT v FROM docs, LATERAL (VALUES (data->>'email'), (data->>'phone'), (data->>'phoneKey')) x(v)
    WHERE collection = 'customers' AND length(v) > 5`)
  return rows.map(r => r.v)
}

const contactsOf = (doc: object) => ['email', 'phone', 'phoneKey'].map(f => (doc as Record<string, unknown>)[f]).filter((v): v is string => typeof v === 'string' && v.length > 5)

/**
 * What of `contacts` appears in `text`, and any e-mail address at all: an erased customer's or a
 * refused push's contacts are no longer in the database, but an address is recognisable anyway.
 */
function contactsIn(text: string, contacts: Iterable<string>): string[] {
  // A phone key is digits only: count it where it stands alone, not inside a longer number (a duration, a time).
  const alone = (digits: string) => new RegExp(`(?<![\\d.])${digits}(?![\\d.])`).test(text)
  const found = [...new Set(contacts)].filter(v => (/^\d+$/.test(v) ? alone(v) : text.includes(v)))
  return [...new Set([...found, ...(text.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi) ?? [])])]
}

export async function openTestDatabase(backend: Backend, schema?: string): Promise<Database> {
  if (backend === 'postgres')
    return openDatabase({ url: process.env.TEST_DATABASE_URL, schema: schema ?? `t_${randomBytes(6).toString('hex')}`, poolSize: 30 })
  return openDatabase({ startFrom: pgliteTemplate() })
}

export async function startTestServer(backend: Backend, options: { db?: Database, bodyLimit?: number, config?: Partial<Config> } = {}): Promise<TestServer> {
  const db = options.db ?? await openTestDatabase(backend)
  await migrate(db)
  // Receipts go to files in a folder of this server's own (no SMTP_URL), never into ./data,
  // and only when a test runs a pass (receipts.flush()): a sender writing order statuses in
  // the background would make byte-for-byte and replay checks race with it. No history window:
  // the fixtures' dates are fixed and would age out of it one day (history-window.test.ts sets one).
  const ownDir = mkdtempSync(join(tmpdir(), 'clienteling-test-'))
  const config = { ...loadConfig({}), dataDir: ownDir, receiptIntervalMs: 3_600_000, tabletHistoryMonths: 0, outreachIntervalMs: 3_600_000, enrollRateLimit: 10_000, commerceSecret: COMMERCE_SECRET, ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}), ...options.config }
  // Every test server logs (requests and errors) into memory; closing it checks that no customer's
  // e-mail or phone number reached the log (security issue, hole 6).
  const log: string[] = []
  const loaded = new Set<string>()
  const server = await buildServer(db, config, { logStream: { write: line => void log.push(line) } })
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' })
  return {
    url: address,
    db,
    backend,
    outbox: server.outbox,
    receipts: server.receipts,
    outreach: server.outreach,
    appointments: server.appointments,
    upkeep: server.upkeep,
    config,
    load: async (batch) => {
      for (const customer of batch.customers ?? [])
        contactsOf(customer).forEach(v => loaded.add(v))
      await loadDocuments(db, batch)
    },
    enroll: async (storeId, name = 'Test tablet') => {
      const code = await createEnrollCode(db, storeId)
      const response = await fetch(`${address}/api/devices/enroll`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, name }),
      })
      if (response.status !== 201)
        throw new Error(`enroll failed: ${response.status} ${await response.text()}`)
      return response.json() as Promise<EnrollResponse>
    },
    log,
    close: async () => {
      await server.close()
      rmSync(ownDir, { recursive: true, force: true })
      const leaks = contactsIn(log.join(''), [...loaded, ...await storedContacts(db)])
      if (!options.db)
        await db.close()
      if (leaks.length)
        throw new Error(`The server's log holds customers' contact details: ${leaks.slice(0, 5).join(', ')}`)
    },
  }
}
