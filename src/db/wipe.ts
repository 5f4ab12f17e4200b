/**
 * Remote wipe: a revoked tablet removes everything this app keeps in the browser — every
 * IndexedDB database (RxDB's documents and its replication bookkeeping), Cache Storage (the
 * app shell and images), the service worker, localStorage and sessionStorage — and then
 * leaves a single note saying why, for the enrollment screen. The server's
 * `Clear-Site-Data` header asks the browser to do the same; this does not rely on it.
 */
import { sealAppDatabase } from './app-database'
import { lockBook } from '../platform/book-lock'

const WIPED_KEY = 'clienteling.wiped'

export async function wipeDevice(reason: string): Promise<void> {
  lockBook()
  await sealAppDatabase().catch(() => {})
  const databases = await indexedDB.databases?.().catch(() => []) ?? []
  await Promise.all(databases.map(d => d.name
    ? new Promise<void>((resolve) => {
        const req = indexedDB.deleteDatabase(d.name!)
        req.onsuccess = req.onerror = req.onblocked = () => resolve()
      })
    : Promise.resolve()))
  if (typeof caches !== 'undefined')
    await Promise.all((await caches.keys()).map(key => caches.delete(key)))
  const registrations = await navigator.serviceWorker?.getRegistrations().catch(() => []) ?? []
  await Promise.all(registrations.map(r => r.unregister()))
  localStorage.clear()
  sessionStorage.clear()
  localStorage.setItem(WIPED_KEY, JSON.stringify({ reason, at: new Date().toISOString() }))
}

/** The note a wipe left, read once by the enrollment screen. */
export function takeWipeNote(): { reason: string, at: string } | null {
  const raw = localStorage.getItem(WIPED_KEY)
  localStorage.removeItem(WIPED_KEY)
  try {
    return raw ? JSON.parse(raw) as { reason: string, at: string } : null
  }
  catch {
    return null
  }
}
