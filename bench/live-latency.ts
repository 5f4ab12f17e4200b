/**
 * Benchmark 4: a web cart change (`cart.updated` from the platform) until a connected tablet
 * has it on its live stream, with 100 tablets connected (`BENCH_STREAMS`); baseline: one
 * tablet connected. For each change, the time until the first and until the last of the
 * streams received it. Target: p95 ≤ 100 ms on loopback.
 */
import type { StreamEvent } from '../src/shared/protocol'
import { createSseParser } from '../src/shared/sse'
import { sign } from '../sync-server/outbound/signature'
import { median, percentile, printTable, saveResults } from './lib'
import { backends, COMMERCE_SECRET, startBenchServer } from './server'

const STREAMS = Number(process.env.BENCH_STREAMS ?? 100)
const CHANGES = Number(process.env.BENCH_CHANGES ?? 60)

type Waiters = Map<string, (at: number) => void>

async function connect(url: string, token: string, waiters: Waiters[]): Promise<() => void> {
  const controller = new AbortController()
  const mine: Waiters = new Map()
  waiters.push(mine)
  const response = await fetch(`${url}/api/sync/stream`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal })
  const parser = createSseParser((e) => {
    const event = JSON.parse(e.data) as StreamEvent
    if (event.collection !== 'carts')
      return
    for (const doc of event.documents as { id: string, items: { sku: string }[] }[]) {
      for (const item of doc.items) mine.get(item.sku)?.(performance.now())
    }
  })
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done)
          return
        parser.push(decoder.decode(value, { stream: true }))
      }
    }
    catch {}
  })()
  return () => controller.abort()
}

async function measure(server: Awaited<ReturnType<typeof startBenchServer>>, streams: number) {
  const waiters: Waiters[] = []
  const closers = []
  for (let i = 0; i < streams; i++)
    closers.push(await connect(server.url, (await server.enroll(`live-${streams}-${i}`)).token, waiters))
  await new Promise(resolve => setTimeout(resolve, 500))
  const first: number[] = []
  const last: number[] = []
  for (let n = 0; n < CHANGES; n++) {
    const sku = `SKU-LIVE-${streams}-${n}`
    const customerId = server.customers[n % server.customers.length]!
    const arrivals = waiters.map(w => new Promise<number>(resolve => w.set(sku, resolve)))
    const body = JSON.stringify({ id: `evt-${sku}`, type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId, items: [{ sku, size: '', qty: 1, addedAt: new Date().toISOString(), channel: 'web', addedBy: 'customer' }] } })
    const start = performance.now()
    await fetch(`${server.url}/api/commerce/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': sign(COMMERCE_SECRET, body) }, body })
    const times = await Promise.all(arrivals)
    first.push(Math.min(...times) - start)
    last.push(Math.max(...times) - start)
    waiters.forEach(w => w.delete(sku))
  }
  closers.forEach(close => close())
  return { first, last }
}

for (const backend of backends()) {
  const server = await startBenchServer({ backend, customers: 200 })
  const one = await measure(server, 1)
  const many = await measure(server, STREAMS)
  const rows = [
    { name: '1 stream: p95', value: percentile(one.last, 95), unit: 'ms', samples: one.last },
    { name: `${STREAMS} streams: p50 (last stream)`, value: median(many.last), unit: 'ms', baseline: '1 stream: p95' },
    { name: `${STREAMS} streams: p95 (first stream)`, value: percentile(many.first, 95), unit: 'ms', baseline: '1 stream: p95' },
    { name: `${STREAMS} streams: p95 (last stream)`, value: percentile(many.last, 95), unit: 'ms', baseline: '1 stream: p95', target: '≤ 100 ms', samples: many.last },
  ]
  printTable(`Live latency on ${backend}: web cart change → connected tablets, ${CHANGES} changes`, rows)
  saveResults(`live-latency-${backend}`, rows)
  await server.close()
}
