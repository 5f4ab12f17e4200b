/**
 * For the browser benchmark only (bench/browser.ts, a build with VITE_BENCH_HOOKS=1): the
 * app's lookup, and the naive RxDB `$regex` query it is compared with, callable from the
 * page so their time is measured without the input's debounce or rendering.
 */
import { getAppDatabase } from './app-database'
import { searchCustomers } from './customers'
import { markForeground } from '../platform/foreground'

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** What an app without search keys would run: a case-insensitive $regex over the fields (a full scan). */
async function regexSearch(text: string): Promise<number> {
  const db = await getAppDatabase()
  const pattern = escape(text.trim())
  const docs = await db.customers.find({
    selector: { $or: ['firstName', 'lastName', 'email', 'phone', 'loyaltyId'].map(f => ({ [f]: { $regex: pattern, $options: 'i' } })) },
    limit: 50,
  }).exec()
  return docs.length
}

export function installBenchHooks(): void {
  (globalThis as { __clientelingBench?: unknown }).__clientelingBench = {
    // As the lookup screen does (stores/lookup.ts): the background download yields to it.
    search: async (text: string) => {
      markForeground()
      return (await searchCustomers(text)).length
    },
    // As a keystroke in the lookup does: marks the use to come, then waits out the input's debounce.
    keystroke: async (debounceMs: number) => {
      markForeground(debounceMs)
      await new Promise(resolve => setTimeout(resolve, debounceMs))
    },
    regex: regexSearch,
  }
}
