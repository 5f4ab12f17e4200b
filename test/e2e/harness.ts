/**
 * Browser tests run the built app, served by the real sync-server (PGlite in a temp folder,
 * demo data plus a few known customers), in Debian's Chromium driven by playwright-core.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { CommerceEvent } from '../../src/shared/protocol'
import type { Config } from '../../sync-server/core/config'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { buildServer } from '../../sync-server/app'
import { createEnrollCode } from '../../sync-server/auth/devices'
import { sign } from '../../sync-server/outbound/signature'
import { loadConfig } from '../../sync-server/core/config'
import { DEMO_STORES, demoAssociates, demoCustomers, demoInventory, demoProducts, wrapDemoBookKeys } from '../../sync-server/seed'
import { openDatabase } from '../../sync-server/storage/db'
import { pgliteTemplate } from '../pglite-template'
import { loadDocuments } from '../../sync-server/storage/load'
import { migrate } from '../../sync-server/storage/migrations'
import { E2E_APP_DIR } from './build-app'
import { startNetworkSwitch } from './network'
import { PIN_MAX_LENGTH } from '../../src/domain/pin'

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots')
const SECRET = 'e2e-commerce-secret'

export async function startE2eServer(extra: Parameters<typeof loadDocuments>[1] = {}, customers = 200, config: Partial<Config> = {}) {
  // Both folders are removed on close: a run of the browser tests left ~25 GB of them in /tmp.
  const dataDir = mkdtempSync(join(tmpdir(), 'clienteling-e2e-'))
  const mailDir = mkdtempSync(join(tmpdir(), 'clienteling-e2e-mail-'))
  const db = await openDatabase({ dataDir, startFrom: pgliteTemplate() })
  await migrate(db)
  const products = demoProducts()
  // The fewest PBKDF2 iterations the schema allows: sign-in is checked, not benchmarked.
  await loadDocuments(db, { stores: DEMO_STORES, associates: await demoAssociates(100_000), products, inventory: demoInventory(products, DEMO_STORES) })
  await wrapDemoBookKeys(db)
  await loadDocuments(db, demoCustomers({ count: customers, products }))
  await loadDocuments(db, extra)
  const server = await buildServer(db, { ...loadConfig({}), dataDir: mailDir, appDir: E2E_APP_DIR, commerceSecret: SECRET, mailPreview: true, ...config })
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' })
  const network = await startNetworkSwitch(Number(new URL(address).port))
  // Service workers need a secure context: localhost is one, 127.0.0.1 may not be everywhere.
  const url = `http://localhost:${network.port}`
  return {
    url,
    db,
    enrollCode: (storeId: string) => createEnrollCode(db, storeId),
    /** documents written through the server's write path, as another tablet's push would (the live stream hears of them) */
    write: (batch: Parameters<typeof loadDocuments>[1]) => loadDocuments(db, batch),
    commerce: async (event: CommerceEvent) => {
      const body = JSON.stringify(event)
      // Straight to the server: the platform is not behind the store's Wi-Fi.
      const response = await fetch(`${address}/api/commerce/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': sign(SECRET, body) }, body })
      if (response.status !== 202)
        throw new Error(`commerce event refused: ${response.status} ${await response.text()}`)
    },
    /** the store's Wi-Fi: false resets every connection and refuses new ones */
    setNetwork: network.setUp,
    close: async () => {
      await network.close()
      await server.close()
      await db.close()
      for (const dir of [dataDir, mailDir])
        rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  })
}

/**
 * What the browser refused under the app's Content-Security-Policy, per context, since the
 * last test ended: every test expects none (./csp-guard.ts checks after each one).
 */
export const cspViolations = new Map<BrowserContext, string[]>()

/** Empties every context's list, forgetting the closed ones, and returns what was refused. */
export function takeCspViolations(): string[] {
  const refused = [...cspViolations.values()].flatMap(list => list.splice(0))
  for (const context of cspViolations.keys()) {
    if (closedContexts.has(context))
      cspViolations.delete(context)
  }
  return refused
}
const closedContexts = new WeakSet<BrowserContext>()

export async function tabletContext(browser: Browser, locale = 'it-IT'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, deviceScaleFactor: 1, locale, serviceWorkers: 'allow' })
  const violations: string[] = []
  cspViolations.set(context, violations)
  context.on('close', () => closedContexts.add(context))
  // Chromium reports each refusal on the console ("Refused to evaluate a string as JavaScript…").
  context.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|evaluate|load|apply|connect|compile)/i.test(message.text()))
      violations.push(message.text())
  })
  return context
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
}

/**
 * One tablet for a describe block: the real server with `extra` data, Chromium, a tablet-sized
 * page, a screenshot whenever a test fails, and everything closed afterwards.
 */
export function useTablet(extra: Parameters<typeof loadDocuments>[1], failurePrefix: string, config: () => Partial<Config> = () => ({}), customers = 200) {
  const tablet = {} as { server: Awaited<ReturnType<typeof startE2eServer>>, browser: Browser, context: BrowserContext, page: Page }
  beforeAll(async () => {
    tablet.server = await startE2eServer(extra, customers, config())
    tablet.browser = await launchChromium()
    tablet.context = await tabletContext(tablet.browser)
    tablet.page = await tablet.context.newPage()
  })
  afterAll(async () => {
    await tablet.browser?.close()
    await tablet.server?.close()
  })
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(tablet.page, `${failurePrefix}failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
  })
  return tablet
}

/** The tablet loses (or gets back) its network: the browser says offline and the server can't be reached. */
export async function setOnline(tablet: { context: BrowserContext, server: { setNetwork: (up: boolean) => void } }, online: boolean): Promise<void> {
  tablet.server.setNetwork(online)
  await tablet.context.setOffline(!online)
}

/**
 * A new tablet as a manager sets it up: the enrollment code, the first download, the lock
 * screen, and the service worker in control (so the app also opens with the network down).
 */
export async function enrollTablet(page: Page, server: { url: string, enrollCode: (storeId: string) => Promise<string> }, storeId: string): Promise<void> {
  await page.goto(server.url)
  await page.fill('[data-test="enroll-code"]', await server.enrollCode(storeId))
  await page.click('[data-test="enroll-submit"]')
  await page.waitForURL(/\/lock/, { timeout: 60_000 })
  await firstDownloadDone(page)
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
}

/**
 * A new tablet enrolled while the pulls of `held` wait (a slow first download, issue 24), up to
 * its lock screen; returns what lets them go.
 */
export async function enrollHolding(page: Page, server: { url: string, enrollCode: (storeId: string) => Promise<string> }, storeId: string, held: readonly string[]): Promise<() => void> {
  let release = () => {}
  const gate = new Promise<void>(resolve => release = resolve)
  for (const c of held) {
    await page.route(`**/api/sync/${c}/pull*`, async (route) => {
      await gate
      await route.continue()
    })
  }
  await page.goto(server.url)
  await page.fill('[data-test="enroll-code"]', await server.enrollCode(storeId))
  await page.click('[data-test="enroll-submit"]')
  await page.waitForURL(/\/lock/, { timeout: 60_000 })
  return release
}

/**
 * The first download wholly in: the lock screen opens once staff and store are, and the
 * customers, their lists and history follow in the background (issue 24); a test that reads them waits.
 */
export async function firstDownloadDone(page: Page): Promise<void> {
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('clienteling.sync') ?? '{}') as { initialDone?: boolean }).initialDone === true, null, { timeout: 60_000 })
}

/** Taps the associate's tile and types their PIN on the pad, as an associate would. */
export async function signIn(page: Page, associate: { staffCode: string, pin: string }): Promise<void> {
  await page.click(`[data-test="associate-${associate.staffCode}"]`)
  for (const digit of associate.pin) await page.click(`[data-test="pin-key-${digit}"]`)
  // The pad submits a six-digit PIN (a manager's) by itself: there is nothing longer.
  if (associate.pin.length < PIN_MAX_LENGTH)
    await page.click('[data-test="pin-ok"]')
}
