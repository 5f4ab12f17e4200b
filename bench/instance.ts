/**
 * One sync-server instance of the chain benchmark, in a process of its own: the load
 * generator's CPU is not the server's, and the process can be killed with SIGKILL.
 *   BENCH_SEED=N     seed N customers in BENCH_SCHEMA and enroll BENCH_ENROLL tablets (the first instance)
 *   BENCH_SEED=0     join the schema another instance seeded
 *   BENCH_PORT       listen there (an instance killed comes back on its address)
 *   BENCH_FLOOR=1    also serve the floor: a push route that parses the body and writes the
 *                    documents in one INSERT, nothing else — what any design must at least pay
 * Prints one JSON line, then serves until killed.
 */
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import { STORE, startBenchServer } from './server'

const backend = process.env.BENCH_BACKEND === 'postgres' ? 'postgres' : 'pglite'
const seed = Number(process.env.BENCH_SEED ?? 0)
const server = await startBenchServer({ backend, customers: seed, seed: seed > 0, schema: process.env.BENCH_SCHEMA, port: Number(process.env.BENCH_PORT ?? 0) })
const tokens: string[] = []
for (let i = 0; i < Number(process.env.BENCH_ENROLL ?? 0); i++)
  tokens.push((await server.enroll(`chain-${i}`)).token)

let floorUrl: string | null = null
if (process.env.BENCH_FLOOR === '1') {
  await server.db.query('CREATE TABLE IF NOT EXISTS bench_floor (collection text, id text, data jsonb, PRIMARY KEY (collection, id))')
  const floor = Fastify({ bodyLimit: 8 * 1024 * 1024 })
  floor.post<{ Params: { collection: string } }>('/api/sync/:collection/push', async (request) => {
    await server.db.query(
      `INSERT INTO bench_floor (collection, id, data) SELECT $1, e->'newDocumentState'->>'id', e->'newDocumentState' FROM jsonb_array_elements($2::jsonb) e`,
      [request.params.collection, JSON.stringify(request.body)],
    )
    return []
  })
  await floor.listen({ port: 0, host: '127.0.0.1' })
  floorUrl = `http://127.0.0.1:${(floor.server.address() as AddressInfo).port}`
}
process.stdout.write(`${JSON.stringify({ url: server.url, floorUrl, tokens, customers: server.customers, product: server.product, storeId: STORE, pid: process.pid })}\n`)
// A normal exit on SIGTERM, so that `node --cpu-prof` writes the instance's profile.
process.once('SIGTERM', () => process.exit(0))
