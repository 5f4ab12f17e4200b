/**
 * The server side of the initial-sync benchmark, in its own process (as the sync-server is
 * on its own machine): the sync-server with N customers in one store, and the paged-JSON
 * floor over the very documents a tablet of that store receives. Prints one JSON line with
 * the addresses, then serves until killed.
 */
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { backends, STORE, startBenchServer } from './server'

const N = Number(process.env.BENCH_CUSTOMERS ?? 20_000)
const PAGE = 500
const backend = process.env.BENCH_BACKEND === 'postgres' ? 'postgres' : backends()[0]!
const server = await startBenchServer({ backend, customers: N })
const { device, token } = await server.enroll('bench')
const { rows } = await server.db.query<{ data: string }>(`
  SELECT d.data::text AS data FROM scope_index s JOIN docs d ON d.collection = s.collection AND d.id = s.id WHERE s.store_id = $1
  UNION ALL SELECT data::text FROM docs WHERE collection IN ('stores', 'products', 'inventory') OR (collection = 'associates' AND store_id = $1)`, [STORE])
const pages = Array.from({ length: Math.ceil(rows.length / PAGE) }, (_, i) =>
  `{"documents":[${rows.slice(i * PAGE, (i + 1) * PAGE).map(r => r.data).join(',')}],"next":${(i + 1) * PAGE < rows.length ? i + 1 : null}}`)
const floor = createServer((req, res) => {
  const page = Number(new URL(req.url!, 'http://x').searchParams.get('page') ?? 0)
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(pages[page])
})
await new Promise<void>(resolve => floor.listen(0, '127.0.0.1', resolve))
const mib = rows.reduce((n, r) => n + r.data.length, 0) / 2 ** 20
process.stdout.write(`${JSON.stringify({ url: server.url, token, deviceId: device.id, floor: `http://127.0.0.1:${(floor.address() as AddressInfo).port}`, documents: rows.length, mib, backend: server.db.kind })}\n`)
