/**
 * `npm run bench:sealing`: what sealing contact fields on the tablet (issue 8,
 * src/db/sealed-storage.ts) costs, against the same database without it, in one run:
 * writing N customers in pull-sized batches (what an initial sync does per page) and
 * typed lookups (name fragment, whole e-mail, whole phone, loyalty id) over them.
 * RxDB memory storage in Node: the crypto is the same WebCrypto the browser runs.
 */
import type { ClientelingDatabase } from '../src/db/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { useDatabase } from '../src/db/app-database'
import { lockBook, unlockBook } from '../src/platform/book-lock'
import { searchCustomers } from '../src/db/customers'
import { createDatabase } from '../src/db/database'
import { demoCustomers, demoProducts } from '../sync-server/seed'
import { median, percentile, printTable, RUNS, saveResults } from './lib'

const N = Number(process.env.BENCH_SEALING_CUSTOMERS ?? 20_000)
const PAGE = 500
const LOOKUPS = 200
const { customers } = demoCustomers({ count: N, products: demoProducts() })
const docs = customers.map(c => ({ ...c, _deleted: false }))

function typedQueries(): string[] {
  const out: string[] = []
  for (let i = 0; out.length < LOOKUPS; i += 97) {
    const c = customers[i % customers.length]!
    out.push(c.lastName.slice(0, 4), c.email ?? c.lastName, c.phone ?? c.firstName, c.loyaltyId ?? c.lastName)
  }
  return out.slice(0, LOOKUPS)
}

async function measure(sealed: boolean): Promise<{ write: number[], lookup: number[] }> {
  const write: number[] = []
  const lookup: number[] = []
  for (let run = 0; run < RUNS; run++) {
    if (sealed)
      await unlockBook(globalThis.crypto.getRandomValues(new Uint8Array(32)), `bench-${run}`)
    const db: ClientelingDatabase = await createDatabase({ storage: getRxStorageMemory(), name: `sealing-${sealed}-${run}-${Date.now()}`, multiInstance: false, sealed })
    useDatabase(db)
    const start = performance.now()
    for (let i = 0; i < docs.length; i += PAGE) await db.customers.bulkInsert(docs.slice(i, i + PAGE))
    write.push(performance.now() - start)
    for (const q of typedQueries()) {
      const t = performance.now()
      await searchCustomers(q)
      lookup.push(performance.now() - t)
    }
    useDatabase(null)
    await db.remove()
    lockBook()
  }
  return { write, lookup }
}

const plain = await measure(false)
const sealed = await measure(true)
const rows = [
  { name: `write ${N} customers, plain`, value: median(plain.write), unit: 'ms', samples: plain.write },
  { name: `write ${N} customers, sealed`, value: median(sealed.write), unit: 'ms', baseline: `write ${N} customers, plain`, samples: sealed.write },
  { name: 'lookup p50, plain', value: percentile(plain.lookup, 50), unit: 'ms' },
  { name: 'lookup p50, sealed', value: percentile(sealed.lookup, 50), unit: 'ms', baseline: 'lookup p50, plain' },
  { name: 'lookup p95, plain', value: percentile(plain.lookup, 95), unit: 'ms' },
  { name: 'lookup p95, sealed', value: percentile(sealed.lookup, 95), unit: 'ms', baseline: 'lookup p95, plain' },
]
printTable(`Sealing contact fields: ${N} customers, RxDB memory storage (Node ${process.version})`, rows)
saveResults('sealing', rows, { customers: N })
process.exit(0)
