/**
 * Not a store: the lookup store's (./lookup.ts) second source on a new tablet whose
 * customers are still arriving (issue 24): the server searches the store's own book for
 * what was typed, and its matches are listed after the local ones. 'off' once the
 * customers are all here (or nothing is typed), 'offline' when the server can't be asked.
 */
import type { Ref } from 'vue'
import type { ServerContext } from '../api/customers'
import type { CustomerSummary } from '../models/customer'
import { ref } from 'vue'
import { searchBookOnline } from '../api/customers'

export type BookStatus = 'off' | 'loading' | 'ready' | 'offline' | 'error'

export interface BookSearchDeps {
  server: () => ServerContext | null
  isOnline: Ref<boolean>
  /** the whole customer book is on the tablet */
  customersIn: () => boolean
  /** ms to wait after a keystroke, as the local lookup does */
  debounceMs: number
}

export function createBookSearch(deps: BookSearchDeps) {
  const status = ref<BookStatus>('off')
  const hits = ref<CustomerSummary[]>([])
  let timer: ReturnType<typeof setTimeout> | undefined

  async function run(text: string, isCurrent: () => boolean): Promise<void> {
    const ctx = deps.server()
    if (!ctx)
      return
    try {
      const found = await searchBookOnline(ctx, text)
      if (!isCurrent())
        return
      hits.value = found
      status.value = deps.customersIn() ? 'off' : 'ready'
    }
    catch {
      if (isCurrent())
        status.value = deps.isOnline.value ? 'error' : 'offline'
    }
  }

  /** What was typed now; `isCurrent` says later whether it still is. */
  function search(text: string, isCurrent: () => boolean): void {
    clearTimeout(timer)
    hits.value = []
    if (deps.customersIn() || !text.trim()) {
      status.value = 'off'
      return
    }
    status.value = deps.isOnline.value ? 'loading' : 'offline'
    if (deps.isOnline.value)
      timer = setTimeout(() => void run(text, isCurrent), deps.debounceMs)
  }

  function stop(): void {
    clearTimeout(timer)
    status.value = 'off'
    hits.value = []
  }

  return { status, hits, search, stop }
}
