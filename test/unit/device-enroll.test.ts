import type { ClientelingDatabase } from '../../src/db/database'
import type { TestServer } from '../server/harness'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useDatabase } from '../../src/db/app-database'
import { bookState, lockBook, unlockBook } from '../../src/platform/book-lock'
import { storeBookKey } from '../../sync-server/auth/book-keys'
import { createEnrollCode } from '../../sync-server/auth/devices'
import { createDatabase } from '../../src/db/database'
import { locale } from '../../src/i18n'
import { useDeviceLifecycle } from '../../src/composables/useDeviceLifecycle'
import { useDeviceStore } from '../../src/stores/device'
import { useSyncStore } from '../../src/stores/sync'
import { makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { startTestServer } from '../server/harness'

// Node has no localStorage: the stores persist into this one.
const memory = new Map<string, string>()
globalThis.localStorage = {
  getItem: k => memory.get(k) ?? null,
  setItem: (k, v) => void memory.set(k, String(v)),
  removeItem: k => void memory.delete(k),
  clear: () => memory.clear(),
  key: i => [...memory.keys()][i] ?? null,
  get length() { return memory.size },
} as Storage

async function until(ok: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms
  while (!ok()) {
    if (Date.now() > deadline)
      throw new Error('condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

describe('enrolling a tablet and its first sync against a real sync-server', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer('pglite')
    await server.load(world())
  })
  afterAll(async () => {
    await server.close()
  })
  let db: ClientelingDatabase
  beforeEach(async () => {
    memory.clear()
    locale.value = 'en'
    setActivePinia(createPinia())
    // The open-source RxDB opens at most 13 collections at a time: one database per test, closed after it.
    db = await createDatabase({ storage: getRxStorageMemory(), name: `dev${Date.now()}`, multiInstance: false })
    useDatabase(db)
  })
  afterEach(async () => {
    await useSyncStore().stop()
    if (!db.closed)
      await db.close()
  })

  it('refuses a mistyped code with the server\'s own reason and enrolls nothing', async () => {
    const device = useDeviceStore()
    expect(await useDeviceLifecycle().enroll('ZZZZ-ZZZZ', 'Cassa', server.url)).toBe(false)
    expect(device.enrollError?.reason).toBe('invalid-code')
    expect(device.isEnrolled).toBe(false)
    expect(memory.has('clienteling.enrollment')).toBe(false)
  })

  it('says the network is down when the server cannot be reached', async () => {
    const device = useDeviceStore()
    expect(await useDeviceLifecycle().enroll('ABCD-EFGH', 'Cassa', 'http://127.0.0.1:9')).toBe(false)
    expect(device.enrollError?.reason).toBe('offline')
  })

  it('stops and shows a revoked device instead of retrying forever', async () => {
    const device = useDeviceStore()
    const sync = useSyncStore()
    expect(await useDeviceLifecycle().enroll(await createEnrollCode(server.db, 'store-a'), 'Cassa 2', server.url)).toBe(true)
    await server.db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [device.enrollment!.deviceId])
    await until(() => sync.authError !== null)
    expect(sync.authError).toBe('device-revoked')
    expect(sync.status).toBe('error')
    expect(sync.error?.kind).toBe('auth')
  })

  it('enrolls with a code typed loosely, syncs with real progress, then tracks pending changes', async () => {
    const code = await createEnrollCode(server.db, 'store-a')
    const device = useDeviceStore()
    const sync = useSyncStore()
    expect(await useDeviceLifecycle().enroll(` ${code.toLowerCase().replace('-', ' ')} `, 'Cassa 1', server.url)).toBe(true)
    expect(device.enrollment).toMatchObject({ storeId: 'store-a', name: 'Cassa 1', serverUrl: server.url })
    expect(JSON.parse(memory.get('clienteling.enrollment')!)).toMatchObject({ storeId: 'store-a' })

    await until(() => sync.initialDone)
    expect(sync.progress.customers).toEqual({ done: 1, total: 1 })
    expect(sync.progress.stores).toEqual({ done: 3, total: 3 })
    expect(JSON.parse(memory.get('clienteling.sync')!)).toMatchObject({ initialDone: true })
    expect(sync.lastSyncedAt).not.toBeNull()
    await until(() => device.storeName === 'Negozio A')
    await until(() => sync.status === 'live')
    expect(sync.online).toBe(true)

    // A write while stopped is pending and blocks a reset; after the push, the reset goes through.
    await sync.stop()
    await db.visits.insert(makeVisit({ id: '01JNVISITDEVICE00000000001', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' }))
    const refused = await useDeviceLifecycle().reset()
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.reason).toMatch(/1 change/)
    expect(sync.pendingCount).toBe(1)
    expect(device.isEnrolled).toBe(true)

    // Nobody is signed in: the key the enrollment brought went with the first download, so
    // the customer book stays closed and its change waits.
    expect(bookState()).toBe('locked')
    await sync.start()
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(sync.pendingCount).toBe(1)
    // An associate signs in: the book opens and the change goes up.
    const key = await storeBookKey(server.db, 'store-a')
    await unlockBook(key.raw, key.keyId)
    await until(() => sync.pendingCount === 0)
    lockBook()
    expect(await useDeviceLifecycle().reset()).toEqual({ ok: true })
    expect(device.isEnrolled).toBe(false)
    expect(memory.has('clienteling.enrollment')).toBe(false)
    expect(sync.initialDone).toBe(false)
  })
})
