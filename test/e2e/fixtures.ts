/** The customers every browser test knows by name, in the Milano store's book. */
import { makeCart, makeCustomer, makeItem, makeOrder } from '../fixtures/docs'

export const STORE = 'store-milano-duomo'
export const ASSOCIATE = { staffCode: 'MI02', pin: '0202' }

export const niccolo = makeCustomer({
  id: 'cus-niccolo',
  firstName: 'Niccolò',
  lastName: 'Bianchi',
  email: 'niccolo.bianchi@example.com',
  phone: '+39 333 123 4567',
  loyaltyId: 'LOY-77770001',
  homeStoreId: STORE,
  lifetimeValueMinor: 42_900,
  // A store registration with its own address was merged into this profile.
  otherContacts: [{ kind: 'email', value: 'n.bianchi@studio-bianchi.example', fromCustomerId: 'cus-niccolo-store', addedAt: '2026-10-02T10:00:00.000Z' }],
})

export const niccoloCart = makeCart({
  id: niccolo.id,
  customerId: niccolo.id,
  items: [
    makeItem({ sku: 'SKU-000001', size: '', qty: 1, channel: 'web' }),
    makeItem({ sku: 'SKU-000002', size: '', qty: 2, channel: 'app' }),
  ],
})

export const niccoloWishlist = makeCart({ id: niccolo.id, customerId: niccolo.id, items: [makeItem({ sku: 'SKU-000003', size: '', channel: 'web' })] })

export const niccoloOrders = [
  makeOrder({ id: 'ord-niccolo-web', channel: 'web', storeId: null, associateId: null, customerId: niccolo.id, visitId: null, paymentMethod: 'online', placedAt: '2026-10-02T18:20:00.000Z', receipt: { email: null, language: 'it', status: 'none', reason: null, sentAt: null } }),
  makeOrder({ id: 'ord-niccolo-store', storeId: STORE, associateId: 'assoc-mi-02', customerId: niccolo.id, placedAt: '2026-09-12T11:05:00.000Z', receipt: { email: niccolo.email, language: 'it', status: 'sent', reason: null, sentAt: '2026-09-12T11:05:10.000Z' } }),
]

/** A customer of the Roma store: not on the Milano tablet until an associate pins her. */
export const zoe = makeCustomer({
  id: 'cus-zoe',
  firstName: 'Zoë',
  lastName: 'Müller',
  email: 'zoe.muller@example.com',
  phone: '+44 20 7946 0958',
  loyaltyId: null,
  language: 'en',
  homeStoreId: 'store-roma-condotti',
  lifetimeValueMinor: 0,
})

export const knownCustomers = {
  customers: [niccolo, zoe],
  carts: [niccoloCart, makeCart({ id: zoe.id, customerId: zoe.id, items: [makeItem({ sku: 'SKU-000020', size: '', channel: 'web' })] })],
  wishlists: [niccoloWishlist],
  orders: niccoloOrders,
}
