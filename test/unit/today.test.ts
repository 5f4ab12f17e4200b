import type { TodayInput } from '../../src/domain/today'
import { describe, expect, it } from 'vitest'
import { applyDraft, birthdayOf, draftFrom, validateDraft } from '../../src/domain/profile-edit'
import { afterQuietHours, nextBirthday, storeDay } from '../../src/domain/store-days'
import { taskId, todayTasks } from '../../src/domain/today'
import { makeCart, makeCustomer, makeInteraction, makeItem, makeOrder, makeProduct, makeTask, makeVisit } from '../fixtures/docs'

const STORE = 'store-milano-duomo'
const ME = 'assoc-giulia'
const OTHER = 'assoc-marco'
// Thursday 4 December 2026, 10:00 in Milan.
const NOW = new Date('2026-12-04T09:00:00.000Z')

function input(overrides: Partial<TodayInput> = {}): TodayInput {
  return {
    now: NOW,
    timeZone: 'Europe/Rome',
    storeId: STORE,
    associateId: ME,
    settings: { lapsedDays: 90 },
    customers: [makeCustomer({ id: 'cus-1', createdAt: '2026-11-01T10:00:00.000Z' })],
    interactions: [],
    visits: [],
    orders: [],
    carts: [],
    wishlists: [],
    stock: [],
    products: [makeProduct({ sku: 'SKU-A', name: 'Loafer', priceMinor: 18_000 })],
    decisions: [],
    ...overrides,
  }
}

const followUp = (dueAt: string, o: Parameters<typeof makeInteraction>[0] = {}) =>
  makeInteraction({ id: `fu-${dueAt}`, type: 'follow_up', storeId: STORE, customerId: 'cus-1', associateId: ME, at: '2026-11-20T10:00:00.000Z', dueAt, sku: null, size: null, text: 'Call about the coat', ...o })

const kinds = (i: TodayInput) => todayTasks(i).map(t => `${t.kind}${t.due ? `:${t.due}` : ''}`)

describe('the Today list: whom to contact and why', () => {
  describe('follow-ups, by the store\'s calendar in Europe/Rome', () => {
    it.each([
      ['due yesterday evening is overdue', '2026-12-03T21:00:00.000Z', ['follow-up:overdue']],
      // 23:30 UTC on the 3rd is 00:30 on the 4th in Milan: today, not overdue.
      ['due just after midnight store time is today', '2026-12-03T23:30:00.000Z', ['follow-up:today']],
      ['due tonight at 23:59 store time is today', '2026-12-04T22:59:00.000Z', ['follow-up:today']],
      ['due on Wednesday (six days on) is this week', '2026-12-10T10:00:00.000Z', ['follow-up:week']],
      ['due in seven days is not yet on the list', '2026-12-11T10:00:00.000Z', []],
    ])('%s', (_, dueAt, expected) => {
      expect(kinds(input({ interactions: [followUp(dueAt)] }))).toEqual(expected)
    })

    it('drops a follow-up once the customer came back, and one marked done', () => {
      const due = followUp('2026-12-04T10:00:00.000Z')
      expect(kinds(input({ interactions: [due], visits: [makeVisit({ id: 'v-later', customerId: 'cus-1', startedAt: '2026-11-28T10:00:00.000Z' })] }))).toEqual([])
      expect(kinds(input({ interactions: [due], decisions: [makeTask({ storeId: STORE, customerId: 'cus-1', kind: 'follow-up', reason: due.id, state: 'done' })] }))).toEqual([])
    })

    it('hides a snoozed follow-up until its day, then shows it again', () => {
      const due = followUp('2026-12-04T10:00:00.000Z')
      const snoozed = (until: string) => makeTask({ storeId: STORE, customerId: 'cus-1', kind: 'follow-up', reason: due.id, state: 'snoozed', outcome: null, snoozedUntil: until })
      expect(kinds(input({ interactions: [due], decisions: [snoozed('2026-12-05')] }))).toEqual([])
      expect(kinds(input({ interactions: [due], decisions: [snoozed('2026-12-04')] }))).toEqual(['follow-up:today'])
    })

    it('leaves out a customer erased or merged into another', () => {
      const due = followUp('2026-12-04T10:00:00.000Z')
      expect(kinds(input({ interactions: [due], customers: [] }))).toEqual([])
      expect(kinds(input({ interactions: [due], customers: [makeCustomer({ id: 'cus-1', mergedInto: 'cus-2' })] }))).toEqual([])
    })
  })

  describe('birthdays this week', () => {
    it.each([
      ['today', { month: 12, day: 4 }, 'birthday:today'],
      ['in six days', { month: 12, day: 10 }, 'birthday:week'],
      ['in seven days: not yet', { month: 12, day: 11 }, null],
      ['yesterday: gone', { month: 12, day: 3 }, null],
    ])('%s', (_, birthday, expected) => {
      expect(kinds(input({ customers: [makeCustomer({ id: 'cus-1', birthday, createdAt: '2026-11-01T10:00:00.000Z' })] }))).toEqual(expected ? [expected] : [])
    })

    it.each([
      ['a 29 February birthday falls on 28 February in a common year', { month: 2, day: 29 }, '2027-01-10', '2027-02-28'],
      ['and on 29 February in a leap year', { month: 2, day: 29 }, '2028-02-01', '2028-02-29'],
      ['a birthday passed this year is next year\'s', { month: 1, day: 5 }, '2026-12-04', '2027-01-05'],
    ])('%s', (_, birthday, today, expected) => {
      expect(nextBirthday(birthday, today)).toBe(expected)
    })
  })

  describe('top clients not seen', () => {
    const gold = makeCustomer({ id: 'cus-1', tier: 'gold', createdAt: '2025-01-01T10:00:00.000Z' })
    const lastVisit = (startedAt: string) => makeVisit({ id: 'v-1', customerId: 'cus-1', startedAt })
    it.each([
      ['seen 90 days ago (the threshold) is lapsed', '2026-09-05T10:00:00.000Z', ['lapsed']],
      ['seen 89 days ago is not', '2026-09-06T10:00:00.000Z', []],
    ])('%s', (_, startedAt, expected) => {
      expect(kinds(input({ customers: [gold], visits: [lastVisit(startedAt)] }))).toEqual(expected)
    })

    it('counts a purchase in any channel as seen, and follows the store\'s threshold', () => {
      const webOrder = makeOrder({ id: 'o-web', channel: 'web', customerId: 'cus-1', storeId: null, placedAt: '2026-11-01T10:00:00.000Z' })
      expect(kinds(input({ customers: [gold], visits: [lastVisit('2026-06-01T10:00:00.000Z')], orders: [webOrder] }))).toEqual([])
      expect(kinds(input({ customers: [gold], visits: [lastVisit('2026-11-01T10:00:00.000Z')], settings: { lapsedDays: 30 } }))).toEqual(['lapsed'])
    })

    it('leaves out a member with a small lifetime value', () => {
      expect(kinds(input({ customers: [makeCustomer({ id: 'cus-1', tier: 'member', lifetimeValueMinor: 10_000, createdAt: '2025-01-01T10:00:00.000Z' })] }))).toEqual([])
    })
  })

  describe('what happened online', () => {
    it('lists a web change to the cart of the last three days, with items and value', () => {
      const cart = makeCart({ id: 'cus-1', customerId: 'cus-1', items: [makeItem({ sku: 'SKU-A', qty: 2, channel: 'web', addedAt: '2026-12-03T18:00:00.000Z' })] })
      const [task] = todayTasks(input({ carts: [cart] }))
      expect(task).toMatchObject({ kind: 'cart-changed', detail: { items: 1, valueMinor: 36_000, changedAt: '2026-12-03T18:00:00.000Z' } })
      const old = makeCart({ id: 'cus-1', customerId: 'cus-1', items: [makeItem({ channel: 'web', addedAt: '2026-11-28T18:00:00.000Z' })] })
      expect(kinds(input({ carts: [old] }))).toEqual([])
    })

    it('lists a wishlist item back in stock here, not one that never left or was in stock before it was wished', () => {
      const wishlist = makeCart({ id: 'cus-1', customerId: 'cus-1', items: [makeItem({ sku: 'SKU-A', size: '39', addedAt: '2026-11-10T10:00:00.000Z' })] })
      const stock = (onHand: number, updatedAt: string) => ({ id: `${STORE}:SKU-A`, updatedAt, storeId: STORE, sku: 'SKU-A', onHand })
      expect(todayTasks(input({ wishlists: [wishlist], stock: [stock(3, '2026-12-02T08:00:00.000Z')] }))[0]).toMatchObject({ kind: 'back-in-stock', detail: { name: 'Loafer', size: '39', onHand: 3 } })
      expect(kinds(input({ wishlists: [wishlist], stock: [stock(0, '2026-12-02T08:00:00.000Z')] }))).toEqual([])
      expect(kinds(input({ wishlists: [wishlist], stock: [stock(3, '2026-11-01T08:00:00.000Z')] }))).toEqual([])
    })

    it.each([
      ['a price lowered after the item was wished, this week', { priceMinor: 14_000, previousPriceMinor: 18_000, priceChangedAt: '2026-12-03T08:00:00.000Z' }, ['price-drop']],
      ['a price raised', { priceMinor: 20_000, previousPriceMinor: 18_000, priceChangedAt: '2026-12-03T08:00:00.000Z' }, []],
      ['a price lowered before the item was wished (the customer saw it)', { priceMinor: 14_000, previousPriceMinor: 18_000, priceChangedAt: '2026-11-09T08:00:00.000Z' }, []],
      ['a price lowered more than a week ago', { priceMinor: 14_000, previousPriceMinor: 18_000, priceChangedAt: '2026-11-26T08:00:00.000Z' }, []],
      ['a price that never changed', { previousPriceMinor: null, priceChangedAt: null }, []],
    ])('lists a wishlist item whose price dropped — for %s: %j', (_, change, expected) => {
      const wishlist = makeCart({ id: 'cus-1', customerId: 'cus-1', items: [makeItem({ sku: 'SKU-A', size: '39', addedAt: '2026-11-10T10:00:00.000Z' })] })
      const products = [makeProduct({ sku: 'SKU-A', name: 'Loafer', ...change })]
      expect(kinds(input({ wishlists: [wishlist], products }))).toEqual(expected)
    })

    it('says how much a wishlist item costs now and did before', () => {
      const wishlist = makeCart({ id: 'cus-1', customerId: 'cus-1', items: [makeItem({ sku: 'SKU-A', addedAt: '2026-11-10T10:00:00.000Z' })] })
      const products = [makeProduct({ sku: 'SKU-A', name: 'Loafer', priceMinor: 14_000, previousPriceMinor: 18_000, priceChangedAt: '2026-12-03T08:00:00.000Z' })]
      expect(todayTasks(input({ wishlists: [wishlist], products }))[0]).toMatchObject({ id: taskId(STORE, 'price-drop', 'cus-1', 'SKU-A@2026-12-03'), detail: { name: 'Loafer', priceMinor: 14_000, previousPriceMinor: 18_000 } })
    })

    it('lists a web order of the last week to thank them for', () => {
      const order = makeOrder({ id: 'o-web', channel: 'web', customerId: 'cus-1', storeId: null, placedAt: '2026-12-02T10:00:00.000Z', totalMinor: 25_000 })
      expect(todayTasks(input({ orders: [order] }))[0]).toMatchObject({ kind: 'web-order', id: taskId(STORE, 'web-order', 'cus-1', 'o-web'), detail: { totalMinor: 25_000 } })
      expect(kinds(input({ orders: [{ ...order, channel: 'store' }] }))).toEqual([])
    })
  })

  describe('whose task it is', () => {
    const advisedBy = (associateId: string) => [{ storeId: STORE, associateId, role: 'primary' as const, setBy: associateId, setAt: '2026-01-01T10:00:00.000Z' }]
    const order = makeOrder({ id: 'o-web', channel: 'web', customerId: 'cus-1', storeId: null, placedAt: '2026-12-02T10:00:00.000Z' })

    it('puts my clients first, then the store\'s unowned ones, and leaves out a colleague\'s clients', () => {
      const customers = [
        makeCustomer({ id: 'cus-1', advisors: advisedBy(ME) }),
        makeCustomer({ id: 'cus-2' }),
        makeCustomer({ id: 'cus-3', advisors: advisedBy(OTHER) }),
      ]
      const orders = ['cus-1', 'cus-2', 'cus-3'].map((c, i) => ({ ...order, id: `o-${c}`, customerId: c, placedAt: `2026-12-0${3 - i}T10:00:00.000Z` }))
      // cus-2's order is older than cus-1's… and cus-1 still comes first as mine.
      expect(todayTasks(input({ customers, orders: [...orders].reverse() })).map(t => [t.customerId, t.mine])).toEqual([['cus-1', true], ['cus-2', false]])
    })

    it('gives a follow-up to whoever noted it, and a task a manager handed over to its new owner', () => {
      const due = followUp('2026-12-04T10:00:00.000Z', { associateId: OTHER })
      expect(kinds(input({ interactions: [due] }))).toEqual([])
      const handed = makeTask({ storeId: STORE, customerId: 'cus-1', kind: 'follow-up', reason: due.id, state: 'open', outcome: null, assignedTo: ME, by: 'assoc-manager' })
      expect(todayTasks(input({ interactions: [due], decisions: [handed] }))).toMatchObject([{ kind: 'follow-up', mine: true, owner: ME }])
    })

    it('shows a manager looking at the whole store a colleague\'s tasks too, marked as theirs', () => {
      const customers = [makeCustomer({ id: 'cus-1', advisors: advisedBy(OTHER) }), makeCustomer({ id: 'cus-2' })]
      const orders = ['cus-1', 'cus-2'].map((c, i) => ({ ...order, id: `o-${c}`, customerId: c, placedAt: `2026-12-0${3 - i}T10:00:00.000Z` }))
      expect(todayTasks(input({ customers, orders, everyone: true })).map(t => [t.customerId, t.mine, t.owner])).toEqual([['cus-1', false, OTHER], ['cus-2', false, null]])
      expect(todayTasks(input({ customers, orders })).map(t => t.customerId)).toEqual(['cus-2'])
    })
  })

  it('reads store days in the store\'s own zone', () => {
    expect(storeDay('2026-12-03T23:30:00.000Z', 'Europe/Rome')).toBe('2026-12-04')
    expect(storeDay('2026-12-03T23:30:00.000Z', 'America/New_York')).toBe('2026-12-03')
  })
})

describe('quiet hours, in the store\'s time', () => {
  const quiet = { from: '20:30', to: '09:00' }
  it.each([
    ['at 15:00 a message goes at once', '2026-12-04T14:00:00.000Z', '2026-12-04T14:00:00.000Z'],
    ['at 21:00 it waits for 09:00 tomorrow', '2026-12-04T20:00:00.000Z', '2026-12-05T08:00:00.000Z'],
    ['at 06:00 it waits for 09:00 today', '2026-12-04T05:00:00.000Z', '2026-12-04T08:00:00.000Z'],
    ['at 20:29 it still goes', '2026-12-04T19:29:00.000Z', '2026-12-04T19:29:00.000Z'],
    // The night summer time ends in Rome (25 October 2026): 09:00 is then UTC+1.
    ['across the end of summer time, 09:00 is still 09:00', '2026-10-24T21:00:00.000Z', '2026-10-25T08:00:00.000Z'],
    ['across the start of summer time too', '2026-03-28T21:00:00.000Z', '2026-03-29T07:00:00.000Z'],
  ])('%s', (_, now, expected) => {
    expect(afterQuietHours(new Date(now), 'Europe/Rome', quiet).toISOString()).toBe(expected)
  })

  it('reads a window that does not cross midnight too', () => {
    expect(afterQuietHours(new Date('2026-12-04T12:30:00.000Z'), 'Europe/Rome', { from: '13:00', to: '15:00' }).toISOString()).toBe('2026-12-04T14:00:00.000Z')
  })
})

describe('a birthday given on the profile', () => {
  it.each([
    ['02-29', { month: 2, day: 29 }],
    ['12-04', { month: 12, day: 4 }],
    ['02-30', null],
    ['13-01', null],
    ['04-', null],
    ['', null],
  ])('reads "%s"', (value, expected) => {
    expect(birthdayOf(value)).toEqual(expected)
  })

  it('is saved as day and month, and an incomplete one is refused before saving', () => {
    const customer = makeCustomer({ id: 'cus-1' })
    const base = draftFrom(customer)
    const saved = applyDraft(customer, base, { ...base, birthday: '06-15' }, { associateId: ME, storeId: STORE, now: NOW.toISOString() })
    expect(saved.birthday).toEqual({ month: 6, day: 15 })
    expect(draftFrom(saved).birthday).toBe('06-15')
    expect(validateDraft({ ...base, birthday: '06-' })).toEqual({ birthday: 'birthday' })
    expect(applyDraft(saved, draftFrom(saved), { ...draftFrom(saved), birthday: '' }, { associateId: ME, storeId: STORE, now: NOW.toISOString() }).birthday).toBeNull()
  })
})
