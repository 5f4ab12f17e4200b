/**
 * A tablet for the browser benchmarks (bench/browser.ts, bench/stages.ts): the built app with
 * the bench hooks, Chromium with a profile on disk, the steps an associate takes (enroll, sign
 * in), what the sync store says of the first download, and the raw IndexedDB floor that
 * download is measured against.
 */
import type { BrowserContext, Page } from 'playwright-core'
import type { Database } from '../sync-server/storage/db'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { createEnrollCode } from '../sync-server/auth/devices'
import { COLLECTIONS } from '../src/shared/collections'
import { STORE } from './server'

export const APP_DIR = join(process.cwd(), 'dist-bench-app')
export const ASSOCIATE = { staffCode: 'MI02', pin: '0202' }

/** The app built for production with the bench hooks (src/db/bench-hooks.ts); `extraArgs` for vite build. */
export function buildBenchApp(extraArgs: string[] = []): void {
  execFileSync(join('node_modules', '.bin', 'vite'), ['build', '--outDir', APP_DIR, '--emptyOutDir', '--logLevel', 'warn', ...extraArgs], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', VITE_BENCH_HOOKS: '1' },
  })
}

/**
 * The enrollment screen filled in, ready for "Enroll" (the caller clicks, to time from there).
 * `typing`: the longest inactivity lock, for lookups typed by the benchmark rather than by a
 * hand on the screen, which must not meet a locked book.
 */
export async function fillEnrollment(page: Page, server: { url: string, db: Database }, name: string, typing = false): Promise<void> {
  await page.goto(server.url)
  if (typing) {
    await page.evaluate(() => localStorage.setItem('clienteling.inactivityMinutes', '30'))
    await page.reload()
  }
  await page.fill('[data-test="enroll-code"]', await createEnrollCode(server.db, STORE))
  await page.fill('[data-test="enroll-name"]', name)
}

/** Signs in; returns the ms from "OK" to the lookup screen (the PIN checked, the customer book opened). */
export async function signIn(page: Page): Promise<number> {
  await page.click(`[data-test="associate-${ASSOCIATE.staffCode}"]`)
  for (const digit of ASSOCIATE.pin) await page.click(`[data-test="pin-key-${digit}"]`)
  const start = performance.now()
  await page.click('[data-test="pin-ok"]')
  await page.waitForSelector('[data-test="lookup-input"]')
  return performance.now() - start
}

/** The first download's stages in, as the sync store keeps them in localStorage; Infinity once it is wholly in. */
export async function stagesDone(page: Page): Promise<number> {
  return await page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean, stagesDone?: number }
    return saved.initialDone ? Number.POSITIVE_INFINITY : saved.stagesDone ?? 0
  })
}

/** Resolves once the first download is wholly in. */
export async function downloadDone(page: Page): Promise<void> {
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean }).initialDone === true, null, { timeout: 60 * 60_000, polling: 250 })
}

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
