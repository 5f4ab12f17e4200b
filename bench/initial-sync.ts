/**
 * Benchmark 1 (Node part): a fresh tablet's first sync of N customers of its store, with
 * their carts, wishlists and about three orders each, over HTTP on 127.0.0.1.
 *
 * - ours: an RxDB database (memory storage) replicating every collection with the app's own
 *   replication code from the sync-server (PGlite by default, DATABASE_URL for PostgreSQL);
 * - floor: the same documents, serialised once, served as pages of 500 by a bare Node HTTP
 *   server and parsed by the client: the cost of moving the bytes and nothing else;
 * - PouchDB: the same documents in pouchdb-server (in memory), replicated into PouchDB's
 *   memory adapter, the approach the peers' offline modes build on.
 * Targets: ours ≥ 5× faster than PouchDB and within 3× of the floor.
 */
import type { AddressInfo } from 'node:net'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { createDatabase } from '../src/db/database'
import { startReplication } from '../src/db/replication'
import { COLLECTIONS } from '../src/shared/collections'
import { buildServer } from '../sync-server/app'
import { createEnrollCode, enrollDevice } from '../sync-server/auth/devices'
import { loadConfig } from '../sync-server/config'
import { demoAssociates, demoCustomers, demoInventory, demoProducts, DEMO_STORES } from '../sync-server/seed'
import { openDatabase } from '../sync-server/storage/db'
import { loadDocuments } from '../sync-server/storage/load'
import { migrate } from '../sync-server/storage/migrations'
import { median, printTable, RUNS, saveResults, timed } from './lib'

const N = Number(process.env.BENCH_CUSTOMERS ?? 20_000)
const STORE = 'store-milano-duomo'
const PAGE = 500

async function main(): Promise<void> {
  const db = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, schema: `bench_${Date.now()}` } : { dataDir: mkdtempSync(join(tmpdir(), 'bench-sync-')) })
  await migrate(db)
  const products = demoProducts()
  await loadDocuments(db, { stores: DEMO_STORES, associates: await demoAssociates(1000), products, inventory: demoInventory(products, DEMO_STORES) })
  const data = demoCustomers({ count: N, products })
  data.customers = data.customers.map(c => ({ ...c, homeStoreId: STORE }))
  for (let i = 0; i < N; i += 2000) {
    await loadDocuments(db, {
      customers: data.customers.slice(i, i + 2000),
      carts: data.carts.slice(i, i + 2000),
      wishlists: data.wishlists.slice(i, i + 2000),
    })
  }
  for (let i = 0; i < data.orders.length; i += 5000)
    await loadDocuments(db, { orders: data.orders.slice(i, i + 5000) })
  const server = await buildServer(db, { ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'bench-mail-')), receiptIntervalMs: 3_600_000, appDir: '/nonexistent' })
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' })
  const { device, token } = await enrollDevice(db, await createEnrollCode(db, STORE), 'bench')

  // Everything the tablet will hold, as the floor and PouchDB get it.
  const { rows } = await db.query<{ data: Record<string, unknown> }>(`
    SELECT d.data FROM scope_index s JOIN docs d ON d.collection = s.collection AND d.id = s.id
    WHERE s.store_id = $1 UNION ALL SELECT data FROM docs WHERE collection IN ('stores', 'products', 'inventory')
      OR (collection = 'associates' AND store_id = $1)`, [STORE])
  const docs = rows.map(r => r.data)
  const total = docs.length
  console.log(`${N} customers: ${total} documents, ${(JSON.stringify(docs).length / 2 ** 20).toFixed(1)} MiB of JSON (${db.kind})`)

  let run = 0
  const ours = await timed(RUNS, async () => {
    const client = await createDatabase({ storage: getRxStorageMemory(), name: `bench${run++}`, multiInstance: false })
    const replication = startReplication({ db: client, baseUrl: url, token, deviceId: device.id, waitForLeadership: false })
    await replication.awaitInitialReplication()
    await replication.cancel()
    await client.remove()
  })

  // The server's share: the same pulls over HTTP, parsed, without a database on the client.
  const pulls = await timed(RUNS, async () => {
    await Promise.all(COLLECTIONS.map(async (collection) => {
      for (let checkpoint: unknown = null; ;) {
        const res = await fetch(`${url}/api/sync/${collection}/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=${PAGE}`, { headers: { Authorization: `Bearer ${token}` } })
        const body = await res.json() as { documents: unknown[], checkpoint: unknown }
        checkpoint = body.checkpoint
        if (body.documents.length < PAGE)
          return
      }
    }))
  })
  const floor = await floorRuns(docs)
  const pouch = process.env.BENCH_SKIP_POUCHDB ? null : await pouchRuns(docs)

  const results = [
    { name: 'floor (paged JSON)', value: median(floor), unit: 'ms', samples: floor },
    { name: 'sync-server pulls (HTTP only)', value: median(pulls), unit: 'ms', baseline: 'floor (paged JSON)', samples: pulls },
    { name: 'sync-server → RxDB', value: median(ours), unit: 'ms', baseline: 'floor (paged JSON)', target: '≤ 3× floor', samples: ours },
    ...(pouch ? [{ name: 'pouchdb-server → PouchDB', value: median(pouch), unit: 'ms', baseline: 'sync-server → RxDB', target: '≥ 5× ours', samples: pouch }] : []),
  ]
  printTable(`Initial sync, ${N} customers (${total} documents, ${db.kind}), median of ${RUNS}`, results)
  saveResults(`initial-sync-${N}-${db.kind}`, results, { documents: total })
  await server.close()
  await db.close()
}

async function floorRuns(docs: Record<string, unknown>[]): Promise<number[]> {
  const pages = Array.from({ length: Math.ceil(docs.length / PAGE) }, (_, i) => JSON.stringify({ documents: docs.slice(i * PAGE, (i + 1) * PAGE), next: (i + 1) * PAGE < docs.length ? i + 1 : null }))
  const http = createServer((req, res) => {
    const page = Number(new URL(req.url!, 'http://x').searchParams.get('page') ?? 0)
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(pages[page])
  })
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve))
  const port = (http.address() as AddressInfo).port
  const times = await timed(RUNS, async () => {
    const held: unknown[] = []
    for (let page: number | null = 0; page !== null;) {
      const body = await (await fetch(`http://127.0.0.1:${port}/?page=${page}`)).json() as { documents: unknown[], next: number | null }
      held.push(...body.documents)
      page = body.next
    }
  })
  http.close()
  return times
}

async function pouchRuns(docs: Record<string, unknown>[]): Promise<number[]> {
  const { default: PouchDB } = await import('pouchdb')
  const { default: memory } = await import('pouchdb-adapter-memory')
  PouchDB.plugin(memory)
  const port = 15_984 + Math.floor(Math.random() * 1000)
  const bin = createRequire(import.meta.url).resolve('pouchdb-server/bin/pouchdb-server')
  const server = spawn(process.execPath, [bin, '--in-memory', '--port', String(port), '--host', '127.0.0.1'], { stdio: 'ignore' })
  try {
    const remoteUrl = `http://127.0.0.1:${port}/tablet`
    for (let i = 0; ; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/`)
        break
      }
      catch {
        if (i > 100)
          throw new Error('pouchdb-server did not start')
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    }
    const remote = new PouchDB(remoteUrl)
    const pouchDocs = docs.map(({ id, _deleted, ...rest }) => ({ _id: `${String(id)}`, ...rest }))
    for (let i = 0; i < pouchDocs.length; i += 1000) await remote.bulkDocs(pouchDocs.slice(i, i + 1000))
    let run = 0
    return await timed(RUNS, async () => {
      const local = new PouchDB(`bench-local-${run++}`, { adapter: 'memory' })
      await local.replicate.from(remote, { batch_size: PAGE, batches_limit: 4 })
      await local.destroy()
    })
  }
  finally {
    server.kill()
  }
}

await main()
