/** A sync-server for a benchmark: PGlite in a temp folder, or DATABASE_URL in a fresh schema, with the demo store data. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildServer } from '../sync-server/app'
import { createEnrollCode, enrollDevice } from '../sync-server/auth/devices'
import { loadConfig } from '../sync-server/core/config'
import { demoAssociates, demoCustomers, demoInventory, demoProducts, DEMO_STORES } from '../sync-server/seed'
import type { Database } from '../sync-server/storage/db'
import { openDatabase } from '../sync-server/storage/db'
import { loadDocuments } from '../sync-server/storage/load'
import { migrate } from '../sync-server/storage/migrations'
import { upkeepPass } from '../sync-server/storage/upkeep'

export const STORE = 'store-milano-duomo'
export const COMMERCE_SECRET = 'bench-secret'

/**
 * `schema` and `seed: false` start one more instance on a schema another instance seeded
 * (bench/instance.ts); `port` lets an instance killed in a benchmark come back on its address.
 */
export async function startBenchServer(options: { backend: 'pglite' | 'postgres', customers: number, appDir?: string, schema?: string, seed?: boolean, port?: number }) {
  // Removed on close: a 100,000-customer PGlite folder is 2 GB, and runs left 84 of them behind.
  const dataDir = options.backend === 'postgres' ? null : mkdtempSync(join(tmpdir(), 'bench-'))
  const mailDir = mkdtempSync(join(tmpdir(), 'bench-mail-'))
  const db = dataDir === null
    ? await openDatabase({ url: process.env.DATABASE_URL, schema: options.schema ?? `bench_${Date.now()}`, poolSize: 20 })
    : await openDatabase({ dataDir })
  await migrate(db)
  const products = demoProducts()
  const customers = options.seed === false ? [] : await seedBench(db, products, options.customers)
  const server = await buildServer(db, { ...loadConfig({}), dataDir: mailDir, receiptIntervalMs: 3_600_000, commerceSecret: COMMERCE_SECRET, enrollRateLimit: 100_000, appDir: options.appDir ?? '/nonexistent' })
  const url = await server.app.listen({ port: options.port ?? 0, host: '127.0.0.1' })
  return {
    db,
    url,
    customers,
    /** a product of the catalogue, for sales the server accepts (it checks SKUs and prices) */
    product: products[0]!,
    enroll: async (name: string) => enrollDevice(db, await createEnrollCode(db, STORE), name),
    close: async () => {
      await server.close()
      await db.close()
      for (const dir of [dataDir, mailDir]) {
        if (dir)
          rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

async function seedBench(db: Database, products: ReturnType<typeof demoProducts>, count: number): Promise<string[]> {
  await loadDocuments(db, { stores: DEMO_STORES, associates: await demoAssociates(), products, inventory: demoInventory(products, DEMO_STORES) })
  // In chunks, as the demo seed does: one statement with 100,000 customers' orders is more than PGlite's memory.
  const customers: string[] = []
  for (let start = 0; start < count; start += 5000) {
    const data = demoCustomers({ count: Math.min(5000, count - start), startIndex: start, products })
    await loadDocuments(db, { ...data, customers: data.customers.map(c => ({ ...c, homeStoreId: STORE })) })
    customers.push(...data.customers.map(c => c.id))
  }
  // What the server's upkeep (PGlite) or autovacuum (PostgreSQL) does shortly after a bulk
  // load: without statistics the planner takes the loaded tables for empty ones.
  await upkeepPass(db)
  return customers
}

export const backends = (): ('pglite' | 'postgres')[] => (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])
