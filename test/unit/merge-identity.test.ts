import { describe, expect, it } from 'vitest'
import { identityTombstone, mergeIdentities, survivorOf, uniteItems } from '../../src/shared/merge'
import { makeConsent, makeCustomer, makeItem } from '../fixtures/docs'

const AT = '2026-11-22T12:00:00.000Z'

describe('the survivor of two profiles', () => {
  it.each([
    { name: 'is the one created first', a: { id: 'b', createdAt: '2026-01-01T00:00:00.000Z' }, b: { id: 'a', createdAt: '2026-02-01T00:00:00.000Z' }, out: 'b' },
    { name: 'is the smaller id when both were created at the same instant', a: { id: 'z', createdAt: '2026-01-01T00:00:00.000Z' }, b: { id: 'm', createdAt: '2026-01-01T00:00:00.000Z' }, out: 'm' },
  ])('$name, in either order', ({ a, b, out }) => {
    expect(survivorOf(a, b).id).toBe(out)
    expect(survivorOf(b, a).id).toBe(out)
  })
})

describe('merging two profiles of one person', () => {
  const web = makeCustomer({ id: 'web-1', email: 'maria@example.com', phone: null, loyaltyId: null, tier: 'silver', tags: ['web'], preferences: { sizes: { shoes: '38' }, brands: ['Acme'], categories: [], colours: [] }, consents: { email: makeConsent({ granted: true, capturedAt: '2026-01-01T00:00:00.000Z' }) } })
  const store = makeCustomer({ id: 'store-1', firstName: 'Mariah', email: null, phone: '+39 333 777 8888', loyaltyId: 'LOY-55', tier: 'gold', tags: ['vip'], preferences: { sizes: { shoes: '39', tops: 'S' }, brands: ['Borsalino'], categories: ['bags'], colours: [] }, consents: { email: makeConsent({ granted: false, capturedAt: '2026-06-01T00:00:00.000Z' }), sms: makeConsent() } })
  const merged = mergeIdentities(web, store, AT)

  it('keeps the survivor\'s values and fills its empty fields from the other profile', () => {
    expect(merged).toMatchObject({ id: 'web-1', firstName: 'Maria', email: 'maria@example.com', phone: '+39 333 777 8888', loyaltyId: 'LOY-55', _deleted: false, updatedAt: AT })
  })
  it('takes the better tier, unites tags and preferences, and keeps the survivor\'s size where both have one', () => {
    expect(merged.tier).toBe('gold')
    expect(merged.tags).toEqual(['web', 'vip'])
    expect(merged.preferences).toEqual({ sizes: { shoes: '38', tops: 'S' }, brands: ['Acme', 'Borsalino'], categories: ['bags'], colours: [] })
  })
  it('keeps the later consent capture per channel, from whichever profile holds it', () => {
    expect(merged.consents.email?.granted).toBe(false)
    expect(merged.consents.sms).toEqual(makeConsent())
  })
  it('recomputes the search keys so the survivor is found by the other profile\'s phone', () => {
    expect(merged.phoneKey).toBe('3337778888')
    expect(merged.emailKey).toBe('maria@example.com')
  })
  it('leaves a tombstone with no personal data that names the survivor', () => {
    const tombstone = identityTombstone(store, 'web-1', AT)
    expect(tombstone).toMatchObject({ id: 'store-1', _deleted: true, mergedInto: 'web-1', email: null, phone: null, loyaltyId: null, tags: [], consents: {} })
    expect(JSON.stringify(tombstone)).not.toMatch(/Mariah|7778888|LOY-55/)
  })
})

describe('a merge loses nothing a person typed', () => {
  const web = makeCustomer({ id: 'web-1', email: 'maria@example.com', phone: '+39 333 777 8888' })

  it('keeps the store\'s e-mail and phone as other contacts when the survivor has its own, with the profile they came from', () => {
    const store = makeCustomer({ id: 'store-1', email: 'maria.rossi@work.example', phone: '+39 347 000 1111' })
    expect(mergeIdentities(web, store, AT).otherContacts).toEqual([
      { kind: 'email', value: 'maria.rossi@work.example', fromCustomerId: 'store-1', addedAt: AT },
      { kind: 'phone', value: '+39 347 000 1111', fromCustomerId: 'store-1', addedAt: AT },
    ])
  })

  it('keeps none when the other profile\'s contacts are the same ones written differently', () => {
    const store = makeCustomer({ id: 'store-1', email: 'Maria@Example.com ', phone: '3337778888' })
    expect(mergeIdentities(web, store, AT)).not.toHaveProperty('otherContacts')
  })

  it('carries the other contacts of earlier merges along, once each, and never the one the profile shows', () => {
    const first = mergeIdentities(web, makeCustomer({ id: 'store-1', email: 'maria.rossi@work.example', phone: null }), AT)
    const later = makeCustomer({ id: 'store-2', email: 'maria.rossi@work.example', phone: '+39 347 000 1111', otherContacts: [{ kind: 'email', value: 'maria@example.com', fromCustomerId: 'x', addedAt: AT }] })
    expect(mergeIdentities(first, later, AT).otherContacts!.map(c => [c.kind, c.value, c.fromCustomerId])).toEqual([
      ['email', 'maria.rossi@work.example', 'store-1'],
      ['phone', '+39 347 000 1111', 'store-2'],
    ])
  })

  it('leaves them off the tombstone of a merged-away or erased profile', () => {
    const merged = mergeIdentities(web, makeCustomer({ id: 'store-1', email: 'maria.rossi@work.example' }), AT)
    expect(identityTombstone(merged, 'other', AT).otherContacts).toBeNull()
  })
})

describe('uniting two carts', () => {
  it('keeps each item once, with the larger quantity, and adds the other\'s items after the survivor\'s', () => {
    const a = [makeItem({ sku: 'A', size: 'M', qty: 1 }), makeItem({ sku: 'B', size: '', qty: 2 })]
    const b = [makeItem({ sku: 'A', size: 'M', qty: 3, channel: 'store' }), makeItem({ sku: 'C', size: '', qty: 1 })]
    expect(uniteItems(a, b).map(i => [i.sku, i.qty, i.channel])).toEqual([['A', 3, a[0]!.channel], ['B', 2, a[1]!.channel], ['C', 1, b[1]!.channel]])
  })
})
