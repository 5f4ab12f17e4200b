/**
 * Benchmark 9: the write path at a chain's scale. The server runs in processes of its own
 * (bench/instance.ts), the load comes from this one. Baselines are measured in the same run.
 *   push        50 tablets for BENCH_CHAIN_SECONDS (20): the floor (HTTP, JSON and one INSERT
 *               per push — what any design pays), one instance, and (PostgreSQL) three behind a
 *               round-robin balancer; then again with one killed by SIGKILL a third into the run
 *               and restarted at half: nothing lost or doubled, three streams see every visit.
 *   register    20 tablets register 2,000 new customers (identity resolution included); baseline 1 tablet, 100.
 *   commerce    the web shop sends cart events in batches of 100 from 4 senders while 10 tablets
 *               push; p95 from sending to a connected tablet's stream. Baseline: one event per request.
 *   soak        (PostgreSQL) BENCH_SOAK_SECONDS (600) at half load over the three instances:
 *               throughput and each instance's memory, per tenth of the run.
 */
import type { Checkpoint } from '../src/shared/protocol'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { ulid } from 'ulid'
import { sign } from '../sync-server/outbound/signature'
import { openDatabase } from '../sync-server/storage/db'
import { makeCustomer } from '../test/fixtures/docs'
import { apiClient } from '../test/server/client'
import { startRoundRobinProxy } from '../test/server/round-robin-proxy'
import { followStream } from '../test/server/stream-client'
import { median, percentile, printTable, saveResults } from './lib'
import { COMMERCE_SECRET } from './server'
import { assertHeld, newPushed, pushedCount, runTablets } from './tablet-load'

const SECONDS = Number(process.env.BENCH_CHAIN_SECONDS ?? 20)
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600)
const TABLETS = 50
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

interface Info { url: string, floorUrl: string | null, tokens: string[], customers: string[], product: { sku: string, name: string, priceMinor: number }, storeId: string, pid: number }

async function spawnInstance(env: Record<string, string>) {
  const launch = () => new Promise<{ info: Info, kill: () => void }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/instance.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('\n'))
        resolve({ info: JSON.parse(text.split('\n')[0]!) as Info, kill: () => child.kill('SIGKILL') })
    })
    child.once('exit', code => reject(new Error(`instance exited (${code})`)))
  })
  let current = await launch()
  const first = current.info
  return {
    info: first,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${current.info.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    kill9: () => current.kill(),
    /** Back on the same address: the balancer knows the instance by it. */
    restart: async () => {
      env.BENCH_PORT = new URL(first.url).port
      env.BENCH_SEED = '0'
      env.BENCH_ENROLL = '0'
      current = await launch()
    },
  }
}

async function measurePush(url: () => string, tokens: string[], info: Info, seconds: number, extra: { pauseMs?: number } = {}) {
  const latencies: number[] = []
  const pushed = newPushed()
  const retries = { count: 0 }
  const deadline = Date.now() + seconds * 1000
  const started = performance.now()
  await runTablets({ url, tokens, customers: info.customers, product: info.product, storeId: info.storeId, until: () => Date.now() >= deadline, ...extra }, pushed, latencies, retries)
  const elapsed = (performance.now() - started) / 1000
  return { pushed, retries: retries.count, docsPerSecond: pushedCount(pushed) / elapsed, p95: percentile(latencies, 95), p50: median(latencies) }
}

async function register(url: string, tokens: string[], perTablet: number, storeId: string): Promise<number> {
  const started = performance.now()
  await Promise.all(tokens.map(async (token) => {
    for (let n = 0; n < perTablet; n++) {
      const id = ulid()
      const customer = makeCustomer({ id, firstName: 'Nuova', lastName: `Cliente ${id.slice(-8)}`, email: `new-${id.toLowerCase()}@example.com`, phone: `+39 340 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, loyaltyId: null, tier: 'member', lifetimeValueMinor: 0, tags: [], homeStoreId: storeId, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() })
      const reply = await apiClient(url, token).push('customers', [{ newDocumentState: customer, assumedMasterState: null }])
      if (reply.status !== 200)
        throw new Error(`register: ${reply.status} ${JSON.stringify(reply.body)}`)
    }
  }))
  return performance.now() - started
}

/** Web cart changes in batches while the store's tablets push; latency to one tablet's stream. */
async function commerce(url: string, info: Info, batch: number, seconds: number, senders = 4) {
  const waiting = new Map<string, number>()
  const latencies: number[] = []
  const follower = followStream(url, info.tokens[TABLETS + 20]!, 'carts', {
    from: await endOf(url, info.tokens[TABLETS + 20]!, 'carts'),
    onDocument: doc => (doc as unknown as { items: { sku: string }[] }).items.forEach((item) => {
      const sent = waiting.get(item.sku)
      if (sent !== undefined) {
        latencies.push(performance.now() - sent)
        waiting.delete(item.sku)
      }
    }),
  })
  await sleep(300)
  let events = 0
  let next = 0
  let refused = false
  const deadline = Date.now() + seconds * 1000
  const started = performance.now()
  const pushing = measurePush(() => url, info.tokens.slice(0, 10), info, seconds)
  await Promise.all(Array.from({ length: senders }, async () => {
    while (Date.now() < deadline) {
      const at = new Date().toISOString()
      const list = Array.from({ length: batch }, () => {
        const n = next++
        const sku = `SKU-WEB-${n}`
        return { id: `evt-${ulid()}`, type: 'cart.updated', occurredAt: at, data: { customerId: info.customers[n % info.customers.length], items: [{ sku, size: '', qty: 1, addedAt: at, channel: 'web', addedBy: 'customer' }] } }
      })
      const body = JSON.stringify(batch === 1 ? list[0] : list)
      const sentAt = performance.now()
      list.forEach(e => waiting.set(e.data.items[0]!.sku, sentAt))
      const res = await fetch(`${url}/api/commerce/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': sign(COMMERCE_SECRET, body) }, body })
      // A server from before batches (the "before" column of BENCHMARKS.md) refuses an array.
      if (res.status === 422 && batch > 1) {
        refused = true
        break
      }
      if (res.status >= 300)
        throw new Error(`commerce: ${res.status} ${await res.text()}`)
      await res.text()
      events += batch
    }
  }))
  const elapsed = (performance.now() - started) / 1000
  await pushing
  await sleep(1000)
  await follower.stop()
  if (refused)
    return { eventsPerSecond: Number.NaN, p95: Number.NaN, arrived: 0, events: 0 }
  return { eventsPerSecond: events / elapsed, p95: percentile(latencies, 95), arrived: latencies.length, events }
}

async function endOf(url: string, token: string, collection: string): Promise<Checkpoint | null> {
  return (await apiClient(url, token).pullAll(collection, null, 500)).checkpoint
}

async function run(backend: 'pglite' | 'postgres') {
  const schema = `chain_${Date.now()}`
  const main = await spawnInstance({ BENCH_BACKEND: backend, BENCH_SCHEMA: schema, BENCH_SEED: '2000', BENCH_ENROLL: String(TABLETS + 30), BENCH_FLOOR: '1' })
  const info = main.info
  const tablets = info.tokens.slice(0, TABLETS)
  const db = backend === 'postgres' ? await openDatabase({ url: process.env.DATABASE_URL, schema }) : null
  const rows: Parameters<typeof printTable>[1] = []
  const notes: string[] = []

  const floor = await measurePush(() => info.floorUrl!, tablets, info, SECONDS)
  const one = await measurePush(() => info.url, tablets, info, SECONDS)
  if (db)
    await assertHeld(db, one.pushed)
  rows.push(
    { name: 'floor (1 INSERT a push): docs/s', value: floor.docsPerSecond, unit: 'docs/s', higherIsBetter: true },
    { name: '1 instance: docs/s', value: one.docsPerSecond, unit: 'docs/s', baseline: 'floor (1 INSERT a push): docs/s', higherIsBetter: true, target: '≥ 2,500' },
    { name: 'floor: push p95', value: floor.p95, unit: 'ms' },
    { name: '1 instance: push p95', value: one.p95, unit: 'ms', baseline: 'floor: push p95', target: '≤ 100 ms' },
  )

  const alone = await register(info.url, info.tokens.slice(TABLETS, TABLETS + 1), 100, info.storeId)
  const twenty = await register(info.url, info.tokens.slice(TABLETS, TABLETS + 20), 100, info.storeId)
  rows.push(
    { name: '1 tablet registers 100: s', value: alone / 1000, unit: 's' },
    { name: '20 tablets register 2,000: s', value: twenty / 1000, unit: 's', baseline: '1 tablet registers 100: s', target: '≤ 3 s' },
  )

  const single = await commerce(info.url, info, 1, SECONDS / 2)
  const batched = await commerce(info.url, info, 100, SECONDS / 2)
  rows.push(
    { name: 'commerce, 1 event a request: events/s', value: single.eventsPerSecond, unit: 'events/s', higherIsBetter: true },
    { name: 'commerce, batches of 100: events/s', value: batched.eventsPerSecond, unit: 'events/s', baseline: 'commerce, 1 event a request: events/s', higherIsBetter: true, target: '≥ 2,000' },
    { name: 'commerce, 1 event a request: p95 to a stream', value: single.p95, unit: 'ms' },
    { name: 'commerce, batches of 100: p95 to a stream', value: batched.p95, unit: 'ms', baseline: 'commerce, 1 event a request: p95 to a stream', target: '≤ 200 ms' },
  )
  notes.push(`commerce: ${batched.arrived} of ${batched.events} batched events timed on the stream (a customer changed twice in flight is timed once)`)

  if (backend === 'postgres' && db) {
    const port = (url: string) => new URL(url).port
    const others = await Promise.all([0, 1].map(() => spawnInstance({ BENCH_BACKEND: backend, BENCH_SCHEMA: schema, BENCH_SEED: '0' })))
    const all = [main, ...others]
    const proxy = await startRoundRobinProxy(all.map(i => ({ host: '127.0.0.1', port: Number(port(i.info.url)) })))
    const steady = await measurePush(() => proxy.url, tablets, info, SECONDS)
    await assertHeld(db, steady.pushed)
    rows.push(
      { name: '3 instances behind a balancer: docs/s', value: steady.docsPerSecond, unit: 'docs/s', baseline: '1 instance: docs/s', higherIsBetter: true },
      { name: '3 instances: push p95', value: steady.p95, unit: 'ms', baseline: '1 instance: push p95' },
    )
    const from = await endOf(proxy.url, info.tokens[TABLETS + 21]!, 'visits')
    const followers = [21, 22, 23].map(k => followStream(proxy.url, info.tokens[TABLETS + k]!, 'visits', { from }))
    const victim = others[0]!
    const killing = (async () => {
      await sleep(SECONDS * 1000 / 3)
      victim.kill9()
      await sleep(SECONDS * 1000 / 6)
      await victim.restart()
    })()
    const three = await measurePush(() => proxy.url, tablets, info, SECONDS)
    await killing
    await assertHeld(db, three.pushed)
    const deadline = Date.now() + 20_000
    while (followers.some(f => [...three.pushed.visits].some(id => !f.seen.has(id))) && Date.now() < deadline)
      await sleep(100)
    await Promise.all(followers.map(f => f.stop()))
    const unseen = followers.map(f => [...three.pushed.visits].filter(id => !f.seen.has(id)).length)
    if (unseen.some(n => n > 0))
      throw new Error(`streams missed visits: ${unseen.join('/')}`)
    notes.push(`3 instances: one killed with SIGKILL at ${(SECONDS / 3).toFixed(0)} s and restarted; ${three.retries} pushes retried, ${pushedCount(three.pushed)} documents held exactly once, 3 streams saw all ${three.pushed.visits.size} visits (reconnects ${followers.map(f => f.reconnects()).join('/')})`)
    rows.push(
      { name: '3 instances, one killed and restarted: docs/s', value: three.docsPerSecond, unit: 'docs/s', baseline: '3 instances behind a balancer: docs/s', higherIsBetter: true },
      { name: '3 instances, one killed: push p95', value: three.p95, unit: 'ms', baseline: '3 instances: push p95' },
    )
    const viaProxy = await commerce(proxy.url, info, 100, SECONDS / 2)
    rows.push({ name: '3 instances, batches of 100: events/s', value: viaProxy.eventsPerSecond, unit: 'events/s', baseline: 'commerce, batches of 100: events/s', higherIsBetter: true })

    if (SOAK_SECONDS > 0)
      await soak(proxy.url, info, all)
    await proxy.close()
    others.forEach(o => o.kill9())
  }
  printTable(`Chain write path on ${backend} (server in its own processes, ${SECONDS} s a measurement)`, rows)
  notes.forEach(n => console.log(`  ${n}`))
  saveResults(`chain-${backend}`, rows, { notes })
  main.kill9()
  await db?.close()
}

/** Half the load for a long time: is throughput steady, is memory flat? Printed per tenth of the run. */
async function soak(url: string, info: Info, instances: Awaited<ReturnType<typeof spawnInstance>>[]) {
  const slice = SOAK_SECONDS / 10
  console.log(`\nSoak on postgres, ${SOAK_SECONDS} s at half load (25 tablets, 2 web senders): per ${slice.toFixed(0)} s`)
  console.log('| from s | docs/s | push p95 ms | web events/s | RSS MiB per instance |')
  console.log('|---|---|---|---|---|')
  for (let i = 0; i < 10; i++) {
    const [push, web] = await Promise.all([
      measurePush(() => url, info.tokens.slice(0, 25), info, slice),
      commerce(url, info, 100, slice, 2),
    ])
    console.log(`| ${(i * slice).toFixed(0)} | ${push.docsPerSecond.toFixed(0)} | ${push.p95.toFixed(0)} | ${web.eventsPerSecond.toFixed(0)} | ${instances.map(x => x.rssMiB().toFixed(0)).join(' / ')} |`)
  }
}

for (const backend of (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']) as ('pglite' | 'postgres')[])
  await run(backend)
process.exit(0)
