/**
 * What the Today list reads from the tablet's database: this week's birthdays and the top
 * clients through indexes, and any other customer only when a task names them — never the
 * whole book (at 100,000 customers that read was the slow part of the start screen).
 */
import type { ClientelingDatabase } from '../../src/db/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { birthdayRanges, loadTodayData } from '../../src/db/today'
import { makeCart, makeCustomer, makeInteraction, makeItem, makeOrder } from '../fixtures/docs'

const STORE = 'store-milano-duomo'
const NOW = new Date('2026-12-29T09:00:00.000Z')
let db: ClientelingDatabase
let counter = 0

const member = (id: string, o: Parameters<typeof makeCustomer>[0] = {}) => makeCustomer({ id, tier: 'member', lifetimeValueMinor: 10_000, ...o })

beforeEach(async () => {
  db = await createDatabase({ storage: getRxStorageMemory(), name: `today-${process.pid}-${counter++}`, multiInstance: false })
})
afterEach(async () => {
  await db.remove()
})

describe('the data behind Today', () => {
  it('spans the seven days from today as key ranges, in two across New Year', () => {
    expect(birthdayRanges('2026-12-04')).toEqual([['12-04', '12-10']])
    expect(birthdayRanges('2026-12-29')).toEqual([['12-29', '12-31'], ['01-01', '01-04']])
  })

  it('reads this week\'s birthdays, the top clients and the customers tasks name, and no one else', async () => {
    await db.customers.bulkInsert([
      member('cus-birthday-dec', { birthday: { month: 12, day: 31 }, birthdayKey: '12-31' }),
      member('cus-birthday-jan', { birthday: { month: 1, day: 2 }, birthdayKey: '01-02' }),
      member('cus-birthday-later', { birthday: { month: 1, day: 20 }, birthdayKey: '01-20' }),
      member('cus-gold', { tier: 'gold' }),
      member('cus-big-spender', { lifetimeValueMinor: 250_000 }),
      member('cus-follow-up'),
      member('cus-web-order'),
      member('cus-nothing-today'),
    ])
    await db.interactions.insert(makeInteraction({ id: 'fu-1', storeId: STORE, customerId: 'cus-follow-up', type: 'follow_up', sku: null, size: null, dueAt: '2026-12-30T10:00:00.000Z', at: '2026-12-20T10:00:00.000Z' }))
    await db.orders.insert(makeOrder({ id: 'ord-web', channel: 'web', storeId: null, associateId: null, customerId: 'cus-web-order', paymentMethod: 'online', placedAt: '2026-12-28T10:00:00.000Z' }))
    await db.wishlists.insert(makeCart({ id: 'cus-nothing-today', customerId: 'cus-nothing-today', items: [makeItem({ sku: 'SKU-A', addedAt: '2026-01-01T10:00:00.000Z' })] }))
    const data = await loadTodayData(STORE, NOW, 90, 'Europe/Rome', db)
    expect(data.customers.map(c => c.id).sort()).toEqual(['cus-big-spender', 'cus-birthday-dec', 'cus-birthday-jan', 'cus-follow-up', 'cus-gold', 'cus-web-order'])
  })
})
