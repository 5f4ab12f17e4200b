/**
 * A tablet for the browser benchmarks: Chromium with a profile on disk, and the raw IndexedDB
 * floor the first download is measured against (bench/browser.ts, bench/stages.ts).
 */
import type { BrowserContext, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { COLLECTIONS } from '../src/shared/collections'

/** Chromium with its profile on disk in `dir`, as on a tablet (an incognito context keeps IndexedDB in memory). */
export async function launchTablet(dir: string): Promise<BrowserContext> {
  return await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    viewport: { width: 1180, height: 820 },
    serviceWorkers: 'allow',
  })
}

/**
 * A second floor for the first sync: the same pulls written straight into IndexedDB, into
 * object stores with the indexes RxDB's Dexie storage created for the app (read from the
 * app's own databases), in one transaction per page: no RxDB, no Dexie, no sealing.
 * A string, not a function: tsx would wrap the inner functions in a helper the page lacks.
 */
export async function rawIndexedDbWrite(page: Page, collections: readonly string[] = COLLECTIONS): Promise<number> {
  return await page.evaluate(`(async (collections) => {
    const { token } = JSON.parse(localStorage.getItem('clienteling.enrollment'))
    const open = (name, version, upgrade) => new Promise((resolve, reject) => {
      const req = version ? indexedDB.open(name, version) : indexedDB.open(name)
      req.onupgradeneeded = () => upgrade && upgrade(req.result)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const names = (await indexedDB.databases()).map(d => d.name)
    const specs = {}
    for (const c of collections) {
      const db = await open(names.find(n => n.startsWith('rxdb-dexie-') && n.endsWith('--' + c)))
      const store = db.transaction('docs').objectStore('docs')
      specs[c] = { keyPath: store.keyPath, indexes: [...store.indexNames].map(n => store.index(n)).map(i => ({ name: i.name, keyPath: i.keyPath, unique: i.unique, multiEntry: i.multiEntry })) }
      db.close()
    }
    const floor = await open('bench-floor-' + Date.now(), 1, (db) => {
      for (const c of collections) {
        const store = db.createObjectStore(c, { keyPath: specs[c].keyPath })
        for (const i of specs[c].indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry })
      }
    })
    const start = performance.now()
    let lwt = Date.now()
    await Promise.all(collections.map(async (c) => {
      for (let checkpoint = null; ;) {
        const res = await fetch('/api/sync/' + c + '/pull?checkpoint=' + encodeURIComponent(JSON.stringify(checkpoint)) + '&limit=500', { headers: { Authorization: 'Bearer ' + token } })
        const body = await res.json()
        const tx = floor.transaction(c, 'readwrite')
        const store = tx.objectStore(c)
        for (const doc of body.documents)
          store.put({ ...doc, _deleted: doc._deleted ? '1' : '0', _meta: { lwt: lwt++ }, _rev: '1-bench', _attachments: {} })
        // A failed transaction (a full quota, for one) aborts: without onabort the page would wait forever.
        await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('transaction aborted')) })
        if (body.documents.length < 500)
          break
        checkpoint = body.checkpoint
      }
    }))
    const ms = performance.now() - start
    floor.close()
    return ms
  })(${JSON.stringify(collections)})`) as number
}
