import type { RxConflictHandler } from 'rxdb'
import type { CollectionName, CustomerDoc } from '../../src/shared/types'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { conflictHandlerFor, mergeCustomer, mergeDocument, mergeItems, mergeVisit } from '../../src/shared/merge'
import { schemas } from '../../src/shared/schemas'
import { deepFreeze, makeCart, makeConsent, makeCustomer, makeInteraction, makeItem, makeOrder, makeVisit } from '../fixtures/docs'

const T1 = '2025-03-02T10:00:00.000Z'
const local = { _meta: { lwt: 1 }, _rev: '3-abc' }

function validatorFor(collection: CollectionName) {
  const { version: _v, primaryKey: _p, indexes: _i, ...schema } = schemas[collection]
  const withDeleted = { ...schema, properties: { ...(schema.properties as object), _deleted: { type: 'boolean' } } }
  const ajv = new Ajv({ strict: false })
  addFormats(ajv)
  return ajv.compile(withDeleted)
}

describe('fixtures and merge results', () => {
  const customer = makeCustomer()
  it.each([
    { name: 'a customer fixture', collection: 'customers', doc: customer },
    { name: 'a cart fixture', collection: 'carts', doc: makeCart() },
    { name: 'a wishlist fixture', collection: 'wishlists', doc: makeCart({ items: [makeItem({ size: '' })] }) },
    { name: 'an order fixture', collection: 'orders', doc: makeOrder() },
    { name: 'a visit fixture', collection: 'visits', doc: makeVisit() },
    { name: 'an interaction fixture', collection: 'interactions', doc: makeInteraction() },
    { name: 'a customer merged without a base', collection: 'customers', doc: mergeCustomer(null, customer, makeCustomer({ tags: ['new'], consents: { sms: makeConsent() } })) },
    { name: 'a merged cart', collection: 'carts', doc: mergeItems(makeCart(), makeCart({ items: [] }), makeCart({ items: [makeItem({ sku: 'SKU-Z' })] })) },
    { name: 'a merged visit', collection: 'visits', doc: mergeVisit(makeVisit(), makeVisit({ customerId: 'c-1' }), makeVisit({ outcome: 'purchase', endedAt: T1 })) },
  ] as const)('$name is schema-valid', ({ collection, doc }) => {
    const validate = validatorFor(collection)
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
  })

  it('rejects a document the schema does not allow, so the check above means something', () => {
    expect(validatorFor('carts')(makeCart({ items: [makeItem({ qty: 0 })] }))).toBe(false)
  })
})

describe('mergeDocument', () => {
  it.each([
    { name: 'returns the master for an order, which never changes once placed', collection: 'orders', master: makeOrder(), next: makeOrder({ totalMinor: 1, updatedAt: T1 }) },
    { name: 'returns the master for an interaction, which is append-only', collection: 'interactions', master: makeInteraction(), next: makeInteraction({ text: 'edited', updatedAt: T1 }) },
    { name: 'lets the server win for a product', collection: 'products', master: { id: 'p', updatedAt: T1, name: 'Server', _deleted: false }, next: { id: 'p', updatedAt: T1, name: 'Tablet', _deleted: false } },
    { name: 'lets the server win for stores', collection: 'stores', master: { id: 's', updatedAt: T1, name: 'A', _deleted: false }, next: { id: 's', updatedAt: T1, name: 'B', _deleted: false } },
    { name: 'lets the server win for associates', collection: 'associates', master: { id: 'a', updatedAt: T1, active: false, _deleted: false }, next: { id: 'a', updatedAt: T1, active: true, _deleted: false } },
    { name: 'lets the server win for inventory', collection: 'inventory', master: { id: 'i', updatedAt: T1, onHand: 3, _deleted: false }, next: { id: 'i', updatedAt: T1, onHand: 2, _deleted: false } },
  ])('$name', ({ collection, master, next }) => {
    const input = deepFreeze({ assumedMasterState: master, realMasterState: master, newDocumentState: next })
    expect(mergeDocument(collection as 'orders', input as never)).toEqual(master)
  })

  it('returns the master when it already equals the tablet\'s state, which is a replay', () => {
    const master = makeCustomer({ tier: 'silver', updatedAt: T1 })
    const input = deepFreeze({ assumedMasterState: makeCustomer(), realMasterState: master, newDocumentState: { ...master, ...local } })
    expect(mergeDocument('customers', input)).toEqual(master)
  })

  it('dispatches customers, carts, wishlists and visits to their merges', () => {
    const cart = { assumedMasterState: makeCart(), realMasterState: makeCart({ items: [] }), newDocumentState: makeCart({ updatedAt: T1 }) }
    expect(mergeDocument('carts', cart).items).toEqual([])
    expect(mergeDocument('wishlists', cart).items).toEqual([])
    const visit = { assumedMasterState: makeVisit(), realMasterState: makeVisit({ customerId: 'c-1' }), newDocumentState: makeVisit({ outcome: 'purchase' }) }
    expect(mergeDocument('visits', visit)).toMatchObject({ customerId: 'c-1', outcome: 'purchase' })
    const customer = { realMasterState: makeCustomer({ tags: ['web'] }), newDocumentState: makeCustomer({ tags: ['store'] }) }
    expect(mergeDocument('customers', customer).tags).toEqual(['web', 'store'])
  })

  it('strips RxDB\'s local bookkeeping before merging', () => {
    const input = {
      assumedMasterState: { ...makeCustomer(), ...local },
      realMasterState: { ...makeCustomer({ tier: 'silver' }), ...local },
      newDocumentState: { ...makeCustomer({ firstName: 'Marta' }), ...local },
    }
    const merged = mergeDocument('customers', deepFreeze(input))
    expect(merged).not.toHaveProperty('_meta')
    expect(merged).not.toHaveProperty('_rev')
    expect(merged).toMatchObject({ tier: 'silver', firstName: 'Marta' })
  })

  it('does not mutate its inputs and gives the same answer every time', () => {
    const input = deepFreeze({
      assumedMasterState: makeCustomer(),
      realMasterState: makeCustomer({ tags: ['web'], consents: { email: makeConsent({ capturedAt: T1 }) } }),
      newDocumentState: makeCustomer({ preferences: { sizes: {}, brands: ['X'], categories: [], colours: [] } }),
    })
    const snapshot = structuredClone(input)
    expect(mergeDocument('customers', input)).toEqual(mergeDocument('customers', input))
    expect(input).toEqual(snapshot)
  })

  it('refuses a collection it does not know', () => {
    const doc = makeCart()
    expect(() => mergeDocument('baskets' as 'carts', { realMasterState: doc, newDocumentState: doc })).toThrow(/no collection/)
  })
})

describe('conflictHandlerFor', () => {
  const handler: RxConflictHandler<CustomerDoc> = conflictHandlerFor('customers')

  it('sees documents as equal regardless of RxDB bookkeeping and key order', () => {
    const doc = makeCustomer()
    const reordered = Object.fromEntries(Object.entries(doc).reverse()) as typeof doc
    expect(handler.isEqual({ ...doc, ...local }, reordered, 'test')).toBe(true)
    expect(handler.isEqual(doc, makeCustomer({ tier: 'silver' }), 'test')).toBe(false)
  })

  it('resolves a conflict with the three-way merge', async () => {
    const resolved = await handler.resolve({
      assumedMasterState: makeCustomer(),
      realMasterState: makeCustomer({ lastName: 'Bianchi' }),
      newDocumentState: makeCustomer({ tier: 'platinum' }),
    }, 'test')
    expect(resolved).toMatchObject({ lastName: 'Bianchi', tier: 'platinum', nameKey: 'bianchi maria' })
  })

  it('resolves an order conflict to the master', async () => {
    const master = makeOrder()
    await expect(conflictHandlerFor('orders').resolve({ realMasterState: master, newDocumentState: makeOrder({ totalMinor: 1 }) })).resolves.toEqual(master)
  })
})
