/**
 * A lookup, and the Today list, on a new tablet whose documents are still being written (issue 24):
 * they answer from what is there at once. RxQuery.exec() would run its query again whenever a write committed
 * meanwhile and answer only once the writes stop (src/db/rxdb-internals.ts, `readNow`).
 */
import type { ClientelingDatabase } from '../../src/db/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useDatabase } from '../../src/db/app-database'
import { findCustomerByLoyalty, getCustomersByIds, searchCustomers } from '../../src/db/customers'
import { createDatabase } from '../../src/db/database'
import { loadTodayData } from '../../src/db/today'
import { lockBook, unlockBook } from '../../src/platform/book-lock'
import { delayed } from '../fixtures/delayed-storage'
import { makeCart, makeCustomer, makeItem } from '../fixtures/docs'

const maria = makeCustomer({ id: 'cus-maria', firstName: 'Maria', lastName: 'Rossi', loyaltyId: 'LOY-99000002' })
let db: ClientelingDatabase

beforeAll(async () => {
  await unlockBook(crypto.getRandomValues(new Uint8Array(32)), 'lookup-busy-test')
  db = await createDatabase({ storage: delayed(getRxStorageMemory(), 'query', 20), name: `lookup-busy-${process.pid}-${Date.now()}`, multiInstance: false, sealed: true })
  useDatabase(db)
  await db.customers.insert(maria)
})

afterAll(async () => {
  useDatabase(null)
  await db.remove()
  lockBook()
})

/** Documents written one after another, 5 ms apart, as a download's pages are; `writing` until the last. */
function keepWriting(count: number, write: (i: number) => Promise<unknown>) {
  const state = { writing: true, done: Promise.resolve() }
  state.done = (async () => {
    for (let i = 0; i < count; i++) {
      await write(i)
      await new Promise(resolve => setTimeout(resolve, 5))
    }
    state.writing = false
  })()
  return state
}

describe('a lookup while the customers keep arriving', () => {
  it('finds by name, by loyalty card and in the recent list before the writes stop', async () => {
    const download = keepWriting(150, i => db.customers.insert(makeCustomer({ id: `cus-arriving-${i}`, lastName: `Arrivo${i}`, loyaltyId: null })))
    await new Promise(resolve => setTimeout(resolve, 50))
    const byName = (await searchCustomers('rossi maria')).map(c => c.id)
    const byCard = await findCustomerByLoyalty('LOY-99000002')
    const recent = (await getCustomersByIds([maria.id])).map(c => c.id)
    const answeredWhileWriting = download.writing
    await download.done
    expect(byName).toContain(maria.id)
    expect(byCard?.id).toBe(maria.id)
    expect(recent).toEqual([maria.id])
    expect(answeredWhileWriting).toBe(true)
  })
})

describe('the Today list while the carts keep arriving', () => {
  it('opens with Maria\'s web cart before the writes stop', async () => {
    await db.carts.insert(makeCart({ id: maria.id, customerId: maria.id, items: [makeItem({ channel: 'web', addedAt: new Date(Date.now() - 3_600_000).toISOString() })] }))
    const download = keepWriting(150, i => db.carts.insert(makeCart({ id: `cus-arriving-${i}`, customerId: `cus-arriving-${i}` })))
    await new Promise(resolve => setTimeout(resolve, 50))
    const today = await loadTodayData('store-a', new Date(), 90, 'Europe/Rome', db)
    const answeredWhileWriting = download.writing
    await download.done
    expect(today.carts.map(c => c.customerId)).toContain(maria.id)
    expect(today.customers.map(c => c.id)).toContain(maria.id)
    expect(answeredWhileWriting).toBe(true)
  })
})
