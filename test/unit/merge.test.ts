import type { CustomerDoc, WithDeleted } from '../../src/shared/types'
import { describe, expect, it } from 'vitest'
import { mergeCustomer, mergeSet } from '../../src/shared/merge'
import { deepFreeze, makeConsent, makeCustomer, makePreferences, threeWay } from '../fixtures/docs'

type Customer = WithDeleted<CustomerDoc>
type Case = { name: string, master: Partial<Customer>, next: Partial<Customer>, expected: Partial<Customer> }

const T1 = '2025-03-02T10:00:00.000Z'
const T2 = '2025-03-03T10:00:00.000Z'
const T3 = '2025-03-04T10:00:00.000Z'
const optOut = makeConsent({ granted: false, capturedAt: T3, capturedBy: 'customer', source: 'web' })
const storeOptIn = makeConsent({ granted: true, capturedAt: T2 })

describe('mergeSet', () => {
  it.each([
    { name: 'keeps a tag the web added while the tablet removed another', a: ['vip', 'regular'], m: ['vip', 'regular', 'web'], n: ['regular'], out: ['regular', 'web'] },
    { name: 'appends the tablet\'s additions after the master\'s order', a: ['a'], m: ['b', 'a'], n: ['a', 'c', 'd'], out: ['b', 'a', 'c', 'd'] },
    { name: 'keeps a value removed on the web even though the tablet still has it', a: ['a', 'b'], m: ['a'], n: ['a', 'b'], out: ['a'] },
    { name: 'unites both sides when there is no base', a: undefined, m: ['a', 'b'], n: ['c', 'a'], out: ['a', 'b', 'c'] },
    { name: 'does not duplicate a value added on both sides', a: [], m: ['x'], n: ['x'], out: ['x'] },
  ])('$name', ({ a, m, n, out }) => {
    expect(mergeSet(a, m, n)).toEqual(out)
  })
})

describe('mergeCustomer with a common base', () => {
  const cases: Case[] = [
    { name: 'lets the tablet win when both sides changed the same field', master: { tier: 'silver' }, next: { tier: 'platinum' }, expected: { tier: 'platinum' } },
    { name: 'keeps the master\'s value for a field the tablet did not touch', master: { language: 'en', loyaltyId: 'LOY-999999' }, next: {}, expected: { language: 'en', loyaltyId: 'LOY-999999' } },
    { name: 'takes each side\'s change when they changed different fields', master: { lastName: 'Bianchi' }, next: { firstName: 'Marta' }, expected: { firstName: 'Marta', lastName: 'Bianchi', nameKey: 'bianchi marta', nameKeyAlt: 'marta bianchi' } },
    { name: 'recomputes the search keys from the merged e-mail and phone', master: { email: 'M.Rossi@Example.com' }, next: { phone: '0039 347 765 4321' }, expected: { emailKey: 'm.rossi@example.com', phoneKey: '3477654321' } },
    { name: 'lets the tablet clear a field the web did not touch', master: {}, next: { loyaltyId: null }, expected: { loyaltyId: null } },
    { name: 'keeps a tag the web added while the tablet removed another', master: { tags: ['vip', 'regular', 'web-buyer'] }, next: { tags: ['regular', 'store-event'] }, expected: { tags: ['regular', 'web-buyer', 'store-event'] } },
    { name: 'merges preferred brands as a set inside preferences', master: { preferences: makePreferences({ brands: ['Acme', 'Borsalino', 'Cucinelli'] }) }, next: { preferences: makePreferences({ brands: ['Borsalino', 'Duca'] }) }, expected: { preferences: makePreferences({ brands: ['Borsalino', 'Cucinelli', 'Duca'] }) } },
    { name: 'merges the sizes map key by key', master: { preferences: makePreferences({ sizes: { shoes: '39', tops: 'M' } }) }, next: { preferences: makePreferences({ sizes: { shoes: '38', tops: 'L', trousers: '44' } }) }, expected: { preferences: makePreferences({ sizes: { shoes: '39', tops: 'L', trousers: '44' } }) } },
    { name: 'drops a size the tablet removed and the web did not touch', master: { preferences: makePreferences({ colours: ['navy'] }) }, next: { preferences: makePreferences({ sizes: { shoes: '38' } }) }, expected: { preferences: makePreferences({ sizes: { shoes: '38' }, colours: ['navy'] }) } },
    { name: 'lets the tablet win on a size both sides changed', master: { preferences: makePreferences({ sizes: { shoes: '39', tops: 'M' } }) }, next: { preferences: makePreferences({ sizes: { shoes: '37', tops: 'M' } }) }, expected: { preferences: makePreferences({ sizes: { shoes: '37', tops: 'M' } }) } },
    { name: 'always keeps the server-computed lifetime value', master: { lifetimeValueMinor: 150_000 }, next: { lifetimeValueMinor: 0 }, expected: { lifetimeValueMinor: 150_000 } },
    { name: 'keeps the master\'s creation time, which never changes', master: {}, next: { createdAt: T3 }, expected: { createdAt: '2024-01-15T09:30:00.000Z' } },
    { name: 'lets a consent captured later on the web beat an older store capture the tablet made', master: { consents: { email: optOut } }, next: { consents: { email: storeOptIn } }, expected: { consents: { email: optOut } } },
    { name: 'lets a consent captured later in the store beat an older web capture', master: { consents: { email: makeConsent({ capturedAt: T1, granted: false }) } }, next: { consents: { email: storeOptIn } }, expected: { consents: { email: storeOptIn } } },
    { name: 'keeps the latest capture even when the tablet did not touch the channel', master: { consents: { email: makeConsent({ capturedAt: '2024-12-01T00:00:00.000Z', granted: false }) } }, next: {}, expected: { consents: { email: makeConsent() } } },
    { name: 'keeps consents captured on different channels on each side', master: { consents: { email: optOut } }, next: { consents: { email: makeConsent(), sms: storeOptIn } }, expected: { consents: { email: optOut, sms: storeOptIn } } },
    { name: 'does not let the tablet remove a consent capture', master: {}, next: { consents: {} }, expected: { consents: { email: makeConsent() } } },
    { name: 'compares capture times as instants, not as text', master: { consents: { email: makeConsent({ capturedAt: '2025-03-03T11:00:00.000+02:00', granted: false }) } }, next: { consents: { email: makeConsent({ capturedAt: '2025-03-03T09:30:00.000Z' }) } }, expected: { consents: { email: makeConsent({ capturedAt: '2025-03-03T09:30:00.000Z' }) } } },
    { name: 'takes the later updatedAt when the master is newer', master: { updatedAt: T3 }, next: { updatedAt: T2, tier: 'silver' }, expected: { updatedAt: T3, tier: 'silver' } },
    { name: 'takes the later updatedAt when the tablet is newer', master: { updatedAt: T1 }, next: { updatedAt: T2 }, expected: { updatedAt: T2 } },
    { name: 'stays deleted when the server erased the customer, whatever the tablet edited', master: { _deleted: true }, next: { tier: 'platinum' }, expected: { _deleted: true } },
    { name: 'is deleted when the tablet deleted it', master: { tier: 'silver' }, next: { _deleted: true }, expected: { _deleted: true, tier: 'silver' } },
  ]

  it.each(cases)('$name', ({ master, next, expected }) => {
    const { assumed, master: m, next: n } = threeWay(makeCustomer(), master, next)
    expect(mergeCustomer(assumed, m, n)).toMatchObject(expected)
  })

  it('gives the tablet\'s document back when the master did not change', () => {
    const base = makeCustomer()
    const next = makeCustomer({ firstName: 'Marta', tags: ['new'], updatedAt: T1 })
    expect(mergeCustomer(deepFreeze(base), deepFreeze(makeCustomer()), deepFreeze(next))).toEqual(next)
  })
})

describe('mergeCustomer without a common base', () => {
  const master = makeCustomer({ tier: 'silver', tags: ['vip', 'web'], lifetimeValueMinor: 90_000, consents: { email: optOut } })
  const next = makeCustomer({
    tier: 'gold',
    phone: '3339998888',
    tags: ['regular', 'vip'],
    lifetimeValueMinor: 1,
    preferences: makePreferences({ sizes: { shoes: '40' }, brands: ['Zeta'] }),
    consents: { email: storeOptIn, post: storeOptIn },
  })
  const merged = mergeCustomer(null, deepFreeze(master), deepFreeze(next))

  it.each([
    { name: 'lets every field the tablet has win', field: 'tier', value: 'gold' },
    { name: 'unites the tags', field: 'tags', value: ['vip', 'web', 'regular'] },
    { name: 'unites the preferred brands', field: 'preferences', value: makePreferences({ brands: ['Acme', 'Borsalino', 'Zeta'], sizes: { shoes: '40', tops: 'M' } }) },
    { name: 'still keeps the server-computed lifetime value', field: 'lifetimeValueMinor', value: 90_000 },
    { name: 'still keeps the latest consent capture per channel', field: 'consents', value: { email: optOut, post: storeOptIn } },
    { name: 'recomputes the phone key', field: 'phoneKey', value: '3339998888' },
  ] as const)('$name', ({ field, value }) => {
    expect(merged[field]).toEqual(value)
  })
})
