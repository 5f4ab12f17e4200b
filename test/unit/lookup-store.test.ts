// @vitest-environment happy-dom
import type { ClientelingDatabase } from '../../src/db/types'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { foregroundIdle } from '../../src/platform/foreground'
import { useAssociateSessionStore } from '../../src/stores/associate-session'
import { useDeviceStore } from '../../src/stores/device'
import { LOCAL_DEBOUNCE_MS, useLookupStore } from '../../src/stores/lookup'
import { RECENT_KEY, RECENT_MAX } from '../../src/stores/recent'
import { makeCustomer } from '../fixtures/docs'

const search = vi.hoisted(() => ({ calls: [] as string[] }))
vi.mock('../../src/db/customers', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/db/customers')>()
  return {
    ...original,
    searchCustomers: (raw: string) => {
      search.calls.push(raw)
      return original.searchCustomers(raw)
    },
  }
})

let db: ClientelingDatabase
const maria = makeCustomer({ id: 'cus-maria', firstName: 'Maria', lastName: 'Rossi', loyaltyId: 'LOY-11110001' })
const mario = makeCustomer({ id: 'cus-mario', firstName: 'Mario', lastName: 'Rossetti', email: 'mario@example.com', phone: '+39 320 000 0002', loyaltyId: 'LOY-11110002' })
const remote = { id: 'cus-remote', firstName: 'Marta', lastName: 'Rossini', email: 'm•••@example.com', phone: '•••123', loyaltyId: 'LOY-22220001', homeStoreId: 'store-roma-condotti', inBook: false }

beforeAll(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `lookup-store-${process.pid}-${Date.now()}`, multiInstance: false })
  useDatabase(db)
  await db.customers.bulkInsert([maria, mario])
})

afterAll(async () => {
  useDatabase(null)
  await db.remove()
})

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

let fetchMock: ReturnType<typeof vi.fn>

beforeEach(() => {
  localStorage.clear()
  // A tablet whose first download is done: every customer of the store is local.
  localStorage.setItem('clienteling.sync', JSON.stringify({ initialDone: true, lastSyncedAt: null }))
  search.calls.length = 0
  setOnline(true)
  setActivePinia(createPinia())
  useDeviceStore().$patch({ enrollment: { deviceId: 'dev-1', token: 'tok-1', storeId: 'store-milano-duomo', serverUrl: 'https://sync.example/', name: 'Tablet 1', enrolledAt: '2025-01-01T00:00:00.000Z' } })
  useAssociateSessionStore().$patch({ token: 'sess-1', state: 'ready', associateId: 'assoc-1', role: 'associate' })
  fetchMock = vi.fn(async () => jsonResponse({ customers: [] }))
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  // Cancels the debounced searches of this test's store so they can't reach the next test's fetch.
  useLookupStore().clear()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('searching as the associate types', () => {
  it('waits for a pause in typing and then searches once, for the latest text', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const lookup = useLookupStore()
    for (const text of ['r', 'ro', 'ros', 'ross'])
      lookup.setQuery(text)
    expect(lookup.status).toBe('searching')
    await vi.advanceTimersByTimeAsync(LOCAL_DEBOUNCE_MS - 20)
    expect(search.calls).toEqual([])
    await vi.advanceTimersByTimeAsync(40)
    await vi.waitFor(() => expect(lookup.status).toBe('ready'))
    expect(search.calls).toEqual(['ross'])
    expect(lookup.results.map(c => c.id).sort()).toEqual([mario.id, maria.id].sort())
  })

  it('clears results and the online section when the box is emptied', async () => {
    const lookup = useLookupStore()
    lookup.setQuery('maria')
    await vi.waitFor(() => expect(lookup.results).toHaveLength(1))
    lookup.setQuery('')
    expect(lookup.results).toEqual([])
    expect(lookup.onlineStatus).toBe('off')
    expect(lookup.status).toBe('idle')
  })

  it('marks the associate\'s use from the keystroke to the debounced lookup, so a new tablet\'s download starts no write step meanwhile', async () => {
    const lookup = useLookupStore()
    await foregroundIdle(0)
    const typed = performance.now()
    lookup.setQuery('ross')
    await foregroundIdle(0)
    expect(performance.now() - typed).toBeGreaterThanOrEqual(LOCAL_DEBOUNCE_MS)
  })

  it('opens the first result on Enter without waiting for the debounce', async () => {
    const lookup = useLookupStore()
    lookup.setQuery('rossi mar')
    expect((await lookup.searchNow())?.id).toBe(maria.id)
  })
})

describe('a new tablet whose customers are still arriving', () => {
  const arriving = (customers: unknown[]) => {
    localStorage.setItem('clienteling.sync', JSON.stringify({ initialDone: false, lastSyncedAt: null, stagesDone: 1 }))
    setActivePinia(createPinia())
    useDeviceStore().$patch({ enrollment: { deviceId: 'dev-1', token: 'tok-1', storeId: 'store-milano-duomo', serverUrl: 'https://sync.example/', name: 'Tablet 1', enrolledAt: '2025-01-01T00:00:00.000Z' } })
    fetchMock.mockImplementation(async (url: string) => jsonResponse({ customers: url.endsWith('/book-search') ? customers : [] }))
  }
  const arrived = makeCustomer({ id: 'cus-not-yet-here', firstName: 'Mario', lastName: 'Rossetti' })

  it('asks the server for the store\'s book with the device token, and lists its matches after the local ones', async () => {
    arriving([arrived, maria])
    const lookup = useLookupStore()
    lookup.setQuery('ross')
    await vi.waitFor(() => expect(lookup.bookStatus).toBe('ready'), { timeout: 2000 })
    const call = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/book-search')) as [string, RequestInit]
    expect([call[1].method, JSON.parse(String(call[1].body))]).toEqual(['POST', { q: 'ross' }])
    expect((call[1].headers as Record<string, string>).Authorization).toBe('Bearer tok-1')
    // Maria is local: listed once, with the local matches; the customer not yet here after them.
    await vi.waitFor(() => expect(lookup.results.at(-1)?.id).toBe(arrived.id), { timeout: 2000 })
    expect(lookup.results.filter(c => c.id === maria.id)).toHaveLength(1)
    expect(lookup.results.findIndex(c => c.id === maria.id)).toBeLessThan(lookup.results.length - 1)
  })

  it('says offline that the customers are still arriving, and asks the server once back online', async () => {
    arriving([arrived])
    setOnline(false)
    const lookup = useLookupStore()
    lookup.setQuery('ross')
    expect(lookup.bookStatus).toBe('offline')
    setOnline(true)
    await vi.waitFor(() => expect(lookup.bookStatus).toBe('ready'), { timeout: 2000 })
    expect(lookup.results.map(c => c.id)).toContain(arrived.id)
  })
})

describe('other stores, online', () => {
  it('asks the server with the device token and the associate\'s session, and lists only customers this tablet does not hold', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ customers: [{ ...remote, id: maria.id, inBook: true }, remote] }))
    const lookup = useLookupStore()
    lookup.setQuery('ross ma')
    await vi.waitFor(() => expect(lookup.onlineStatus).toBe('ready'), { timeout: 2000 })
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('https://sync.example/api/customers/search')
    expect([init.method, JSON.parse(String(init.body))]).toEqual(['POST', { q: 'ross ma' }])
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-1')
    expect((init.headers as Record<string, string>)['X-Associate-Session']).toBe('sess-1')
    expect(lookup.onlineHits.map(h => h.id)).toEqual([remote.id])
  })

  it('asks for a first and last name or a whole contact before searching the other stores', async () => {
    const lookup = useLookupStore()
    lookup.setQuery('rossi')
    expect(lookup.onlineStatus).toBe('narrow')
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('asks for the PIN online when the associate signed in offline, and searches once it is confirmed', async () => {
    useAssociateSessionStore().$patch({ token: null, state: 'none' })
    const lookup = useLookupStore()
    lookup.setQuery('marta rossini')
    await vi.waitFor(() => expect(lookup.onlineStatus).toBe('needs-session'), { timeout: 2000 })
    expect(fetchMock).not.toHaveBeenCalled()
    useAssociateSessionStore().$patch({ token: 'sess-2', state: 'ready' })
    fetchMock.mockImplementation(async () => jsonResponse({ customers: [remote] }))
    lookup.retryOnline()
    await vi.waitFor(() => expect(lookup.onlineStatus).toBe('ready'), { timeout: 2000 })
  })

  it('says the searches are used up for now when the server limits them', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ error: { code: 'rate-limited', message: 'Too many online searches: try again in 60 s.' } }, 429))
    const lookup = useLookupStore()
    lookup.setQuery('marta rossini')
    await vi.waitFor(() => expect(lookup.onlineStatus).toBe('limited'), { timeout: 2000 })
  })

  it('does not ask the server for a single character', async () => {
    const lookup = useLookupStore()
    lookup.setQuery('m')
    await vi.waitFor(() => expect(lookup.status).toBe('ready'))
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(fetchMock).not.toHaveBeenCalled()
    expect(lookup.onlineStatus).toBe('off')
  })

  it('says "offline" instead of searching when the tablet has no network', async () => {
    setOnline(false)
    const lookup = useLookupStore()
    lookup.setQuery('marta rossini')
    expect(lookup.onlineStatus).toBe('offline')
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('treats a request that never reaches the server as offline and a server error as an error', async () => {
    const lookup = useLookupStore()
    fetchMock.mockImplementation(async () => {
      throw new TypeError('Failed to fetch')
    })
    lookup.setQuery('marta rossini')
    await vi.waitFor(() => expect(lookup.onlineStatus).toBe('offline'), { timeout: 2000 })
    fetchMock.mockImplementation(async () => jsonResponse({ error: { code: 'internal', message: 'boom' } }, 500))
    lookup.setQuery('marta ro')
    await vi.waitFor(() => expect(lookup.onlineStatus).toBe('error'), { timeout: 2000 })
  })

  it('pins a customer with the reason given, shows it downloading, and resolves once replication has brought it', async () => {
    fetchMock.mockImplementation(async (url: string) => url.endsWith('/pin')
      ? jsonResponse({ customerId: remote.id, pinned: true })
      : jsonResponse({ customers: [remote] }))
    const lookup = useLookupStore()
    lookup.setQuery('marta rossini')
    await vi.waitFor(() => expect(lookup.onlineHits).toHaveLength(1), { timeout: 2000 })
    const pinned = lookup.pin(remote.id, 'visiting')
    await vi.waitFor(() => expect(lookup.pins[remote.id]).toBe('downloading'))
    const [url, init] = fetchMock.mock.calls.at(-1) as [string, RequestInit]
    expect(url).toBe(`https://sync.example/api/customers/${remote.id}/pin`)
    expect([init.method, JSON.parse(String(init.body))]).toEqual(['POST', { reason: 'visiting' }])
    await db.customers.insert(makeCustomer({ id: remote.id, firstName: 'Marta', lastName: 'Rossini', loyaltyId: remote.loyaltyId }))
    expect(await pinned).toBe(true)
    expect(lookup.pins[remote.id]).toBeUndefined()
    expect(lookup.onlineHits).toEqual([])
    await (await db.customers.findOne(remote.id).exec())!.remove()
  })

  it('keeps the pin button with a message when the server refuses', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ error: { code: 'not-found', message: 'There is no such customer.' } }, 404))
    const lookup = useLookupStore()
    expect(await lookup.pin('cus-nobody', 'visiting')).toBe(false)
    expect(lookup.pins['cus-nobody']).toBe('failed')
  })
})

describe('recent customers', () => {
  it('keeps the last ones opened, newest first, without duplicates, in localStorage', () => {
    const lookup = useLookupStore()
    for (let i = 0; i < RECENT_MAX + 2; i++) lookup.remember(`cus-${i}`)
    lookup.remember('cus-5')
    const ids = JSON.parse(localStorage.getItem(RECENT_KEY)!) as string[]
    expect(ids).toHaveLength(RECENT_MAX)
    expect(ids.slice(0, 3)).toEqual(['cus-5', 'cus-9', 'cus-8'])
    expect(ids.filter(id => id === 'cus-5')).toHaveLength(1)
  })

  it('shows them after a restart, skipping customers no longer on the tablet', async () => {
    localStorage.setItem(RECENT_KEY, JSON.stringify([mario.id, 'cus-gone', maria.id]))
    setActivePinia(createPinia())
    const lookup = useLookupStore()
    await lookup.loadRecent()
    expect(lookup.recentCustomers.map(c => c.id)).toEqual([mario.id, maria.id])
  })
})

describe('scanning a loyalty card', () => {
  it('opens the customer whose card it is', async () => {
    expect(await useLookupStore().scanned('LOY11110002\n')).toEqual({ kind: 'open', customerId: mario.id })
  })

  it('searches for an unknown card, so other stores can be asked', async () => {
    const lookup = useLookupStore()
    expect(await lookup.scanned('LOY-99999999')).toEqual({ kind: 'notFound', code: 'LOY99999999' })
    expect(lookup.query).toBe('LOY99999999')
  })

  it('explains a product barcode', async () => {
    expect(await useLookupStore().scanned('8001234567890')).toEqual({ kind: 'product', code: '8001234567890' })
  })
})
