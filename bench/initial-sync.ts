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
 * Servers (sync-server with the floor, pouchdb-server) run in their own processes, on their
 * own core, as servers do; the client is this process.
 * Targets: ours ≥ 5× faster than PouchDB and within 3× of the floor.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { createDatabase } from '../src/db/database'
import { startReplication } from '../src/sync/replication'
import { COLLECTIONS } from '../src/shared/collections'
import { median, printTable, RUNS, saveResults, timed } from './lib'

const N = Number(process.env.BENCH_CUSTOMERS ?? 20_000)
const PAGE = 500

interface Child { url: string, token: string, deviceId: string, floor: string, documents: number, mib: number, backend: string }

/** The sync-server and the floor run in a child process, on their own core, like a server does. */
async function startChild(): Promise<{ info: Child, stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sync-child.ts'], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env })
  const info = await new Promise<Child>((resolve, reject) => {
    let buffer = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const line = buffer.split('\n').find(l => l.startsWith('{'))
      if (line)
        resolve(JSON.parse(line) as Child)
    })
    child.on('exit', code => reject(new Error(`the benchmark server exited (${code})`)))
  })
  return { info, stop: () => child.kill() }
}

async function main(): Promise<void> {
  const { info, stop } = await startChild()
  console.log(`${N} customers: ${info.documents} documents, ${info.mib.toFixed(1)} MiB of JSON (${info.backend})`)
  try {
    let run = 0
    // The app's first download (written straight into the storage, src/sync/bootstrap.ts), and
    // RxDB's replication doing all of it, as it did before.
    const firstSync = (bootstrap: boolean) => timed(RUNS, async () => {
      const client = await createDatabase({ storage: getRxStorageMemory(), name: `bench${run++}`, multiInstance: false })
      const replication = startReplication({ db: client, baseUrl: info.url, token: info.token, deviceId: info.deviceId, waitForLeadership: false, bootstrap: bootstrap ? {} : undefined, ...(process.env.BENCH_BATCH ? { batchSize: Number(process.env.BENCH_BATCH) } : {}) })
      await replication.awaitInitialReplication()
      await replication.awaitInSync()
      await replication.cancel()
      await client.remove()
    })
    const ours = await firstSync(true)
    const replicationOnly = await firstSync(false)
    // The server's share: the same pulls over HTTP, parsed, without a database on the client.
    const pulls = await timed(RUNS, async () => {
      await Promise.all(COLLECTIONS.map(async (collection) => {
        for (let checkpoint: unknown = null; ;) {
          const res = await fetch(`${info.url}/api/sync/${collection}/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=${PAGE}`, { headers: { Authorization: `Bearer ${info.token}` } })
          const body = await res.json() as { documents: unknown[], checkpoint: unknown }
          checkpoint = body.checkpoint
          if (body.documents.length < PAGE)
            return
        }
      }))
    })
    const floor = await timed(RUNS, async () => {
      await floorPages(info.floor)
    })
    const pouch = process.env.BENCH_SKIP_POUCHDB ? null : await pouchRuns(await floorPages(info.floor))
    const results = [
      { name: 'floor (paged JSON)', value: median(floor), unit: 'ms', samples: floor },
      { name: 'sync-server pulls (HTTP only)', value: median(pulls), unit: 'ms', baseline: 'floor (paged JSON)', samples: pulls },
      { name: 'sync-server → RxDB', value: median(ours), unit: 'ms', baseline: 'floor (paged JSON)', target: '≤ 3× floor', samples: ours },
      { name: 'sync-server → RxDB, replication only', value: median(replicationOnly), unit: 'ms', baseline: 'sync-server → RxDB', samples: replicationOnly },
      ...(pouch ? [{ name: 'pouchdb-server → PouchDB', value: median(pouch), unit: 'ms', baseline: 'sync-server → RxDB', target: '≥ 5× ours', samples: pouch }] : []),
    ]
    printTable(`Initial sync, ${N} customers (${info.documents} documents, ${info.backend}), median of ${RUNS}`, results)
    saveResults(`initial-sync-${N}-${info.backend}`, results, { documents: info.documents })
  }
  finally {
    stop()
  }
}

/** Every page of the floor, parsed: the documents. */
async function floorPages(base: string): Promise<Record<string, unknown>[]> {
  const held: Record<string, unknown>[] = []
  for (let page: number | null = 0; page !== null;) {
    const body = await (await fetch(`${base}/?page=${page}`)).json() as { documents: Record<string, unknown>[], next: number | null }
    held.push(...body.documents)
    page = body.next
  }
  return held
}

async function pouchRuns(docs: Record<string, unknown>[]): Promise<number[]> {
  const { default: PouchDB } = await import('pouchdb')
  const { default: memory } = await import('pouchdb-adapter-memory')
  PouchDB.plugin(memory)
  const port = 15_984 + Math.floor(Math.random() * 1000)
  const bin = createRequire(import.meta.url).resolve('pouchdb-server/bin/pouchdb-server')
  // In a folder of its own: it writes its log.txt and config.json where it runs.
  const server = spawn(process.execPath, [bin, '--in-memory', '--port', String(port), '--host', '127.0.0.1'], { stdio: 'ignore', cwd: mkdtempSync(join(tmpdir(), 'pouchdb-server-')) })
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
