/**
 * Writes the demo data through the normal write path, in chunks of customers so memory
 * stays flat and progress is visible. Ids are stable, and documents that already exist are
 * skipped, so running the seed again (or with a larger count) adds only what is missing.
 */
import type { Database } from '../storage/db'
import type { LoadResult } from '../storage/load'
import { demoAppointments } from './appointments'
import { demoActivity, demoOpenFollowUps } from './visits'
import { loadDocuments } from '../storage/load'
import { seedDemoAdmin } from './office'
import { DEMO_STORES, demoAssociates, demoCustomers, demoInventory, demoMarkdowns, demoProducts, wrapDemoBookKeys } from './index'

const CHUNK = 1000

/** `pinIterations` follows PIN_ITERATIONS, so tests that seed often can hash the demo PINs at the minimum. */
export async function seedDemo(db: Database, options: { customers: number, log?: (line: string) => void, pinIterations?: number }): Promise<LoadResult> {
  const log = options.log ?? (() => {})
  const total: LoadResult = { written: 0, skipped: 0 }
  const add = (r: LoadResult) => {
    total.written += r.written
    total.skipped += r.skipped
  }
  // Order history ends today, so the demo looks current whenever it is first run.
  const now = new Date(new Date().toISOString().slice(0, 10))
  const products = demoMarkdowns(demoProducts(), new Date(now.getTime() - 2 * 86_400_000).toISOString())
  add(await loadDocuments(db, {
    stores: DEMO_STORES,
    associates: await demoAssociates(options.pinIterations),
    products,
    inventory: demoInventory(products, DEMO_STORES, { restockedAt: new Date(now.getTime() - 86_400_000).toISOString() }),
  }))
  await wrapDemoBookKeys(db)
  await seedDemoAdmin(db, options.pinIterations)
  for (let start = 0; start < options.customers; start += CHUNK) {
    const count = Math.min(CHUNK, options.customers - start)
    const data = demoCustomers({ count, startIndex: start, products, now })
    add(await loadDocuments(db, data))
    const activity = demoActivity(data.orders, now.getTime())
    add(await loadDocuments(db, activity))
    add(await loadDocuments(db, demoOpenFollowUps(data.customers, Date.now())))
    // One chunk's worth: appointments of later chunks could double-book the first's slots.
    if (start === 0)
      add(await loadDocuments(db, { appointments: demoAppointments(data, activity.visits, Date.now()) }))
    log(`  customers ${start + count} / ${options.customers}`)
  }
  return total
}
