// @vitest-environment happy-dom
import type { ClientelingDatabase } from '../../src/db/types'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { useDeviceStore } from '../../src/stores/device'
import { useSessionStore } from '../../src/stores/session'
import { useUpdateStore } from '../../src/stores/update'
import { OPEN_VISIT_KEY, useVisitStore } from '../../src/stores/visit'
import { ASSOCIATE_ID, CUSTOMER_ID, makeCustomer, STORE_ID } from '../fixtures/docs'
import { makeAssociate } from '../fixtures/world'

let db: ClientelingDatabase
let counter = 0

/** A fresh app over the same localStorage and database: what a page reload leaves behind. */
function boot() {
  setActivePinia(createPinia())
  useDeviceStore().$patch({ enrollment: { deviceId: 'dev-1', token: 'tok-1', storeId: STORE_ID, serverUrl: '', name: 'Tablet 1', enrolledAt: '2026-01-01T00:00:00.000Z' } })
  useSessionStore().$patch({ associate: makeAssociate({ id: ASSOCIATE_ID, storeId: STORE_ID }) })
  return useVisitStore()
}

async function opened(store: ReturnType<typeof useVisitStore>, id: string, interactions = 0) {
  await store.open(id)
  await vi.waitFor(() => {
    expect(store.status).toBe('ready')
    expect(store.interactions).toHaveLength(interactions)
  })
}

beforeEach(async () => {
  setActivePinia(createPinia())
  localStorage.clear()
  db = await createDatabase({ storage: getRxStorageMemory(), name: `visit-store-${process.pid}-${counter++}`, multiInstance: false })
  useDatabase(db)
  await db.customers.insert(makeCustomer())
})
afterEach(async () => {
  useVisitStore().close()
  useDatabase(null)
  await db.remove()
})

describe('the visit store', () => {
  it('starts a visit for the signed-in associate in this tablet\'s store and holds app updates', async () => {
    const visit = boot()
    const id = await visit.start(CUSTOMER_ID)
    const doc = (await db.visits.findOne(id).exec())!
    expect(doc.toJSON()).toMatchObject({ storeId: STORE_ID, associateId: ASSOCIATE_ID, customerId: CUSTOMER_ID, outcome: 'open' })
    expect(localStorage.getItem(OPEN_VISIT_KEY)).toBe(id)
    expect(useUpdateStore().blocked).toBe(true)
  })

  it('resumes the open visit after a reload instead of starting a second one', async () => {
    const first = boot()
    const id = await first.start(CUSTOMER_ID)
    await opened(first, id)
    await first.log('shown', { sku: 'SKU-A' })
    first.close()

    const again = boot()
    expect(again.openVisitId).toBe(id)
    expect(useUpdateStore().blocked).toBe(true)
    expect(await again.start(CUSTOMER_ID)).toBe(id)
    await opened(again, id, 1)
    await vi.waitFor(() => expect(again.customerName).toBe('Maria Rossi'))
    await again.log('tried_on', { sku: 'SKU-A', size: '38' })
    await vi.waitFor(() => expect(again.interactions.map(i => i.type)).toEqual(['tried_on', 'shown']))
    expect(await db.visits.count().exec()).toBe(1)
  })

  it('ends with an outcome, forgets the open visit and releases the update hold', async () => {
    const visit = boot()
    const id = await visit.start(null)
    await opened(visit, id)
    await visit.log('note', { text: 'Looking for a gift' })
    expect(await visit.end('no_purchase')).toBeNull()
    expect(localStorage.getItem(OPEN_VISIT_KEY)).toBeNull()
    expect(useUpdateStore().blocked).toBe(false)
    expect((await db.visits.findOne(id).exec())!.outcome).toBe('no_purchase')
    await vi.waitFor(() => expect(visit.isOpen).toBe(false))
    await expect(visit.log('note', { text: 'too late' })).rejects.toThrow(/No open visit/)
  })

  it('refuses to start a visit when nobody is signed in', async () => {
    const visit = boot()
    useSessionStore().$patch({ associate: null })
    await expect(visit.start(CUSTOMER_ID)).rejects.toThrow(/sign in/)
    expect(await db.visits.count().exec()).toBe(0)
    expect(useUpdateStore().blocked).toBe(false)
  })
})
