import { arrayOf, bool, collectionSchema, enumOf, id, int, iso, nullable, nullableStr, obj, partialObj, recordOf, str, strArray } from './common'

const consent = obj({
  granted: bool(),
  capturedAt: iso(),
  capturedBy: str(64, { minLength: 1 }),
  source: str(64, { minLength: 1 }),
  textVersion: str(32, { minLength: 1 }),
})

/** Derived from the contact fields for the lookup's indexes: the tablets' and the server's, never part of a profile shown elsewhere. */
export const CUSTOMER_SEARCH_KEYS = ['nameKey', 'nameKeyAlt', 'emailKey', 'phoneKey', 'loyaltyKey', 'birthdayKey'] as const
export type CustomerSearchKey = typeof CUSTOMER_SEARCH_KEYS[number]

export const customerSchema = collectionSchema('customer', {
  firstName: str(100),
  lastName: str(100),
  email: nullableStr(200),
  phone: nullableStr(40),
  language: enumOf(['it', 'en']),
  loyaltyId: nullableStr(40),
  tier: enumOf(['member', 'silver', 'gold', 'platinum']),
  homeStoreId: nullableStr(64),
  preferences: obj({
    sizes: recordOf(str(20), 20),
    brands: strArray(30, 100),
    categories: strArray(30, 60),
    colours: strArray(30, 40),
  }),
  consents: partialObj({ email: consent, sms: consent, phone: consent, post: consent }),
  tags: strArray(30, 40),
  lifetimeValueMinor: int(),
  currency: str(3, { minLength: 3 }),
  createdAt: iso(),
  nameKey: str(200),
  nameKeyAlt: str(200),
  emailKey: str(200),
  phoneKey: str(40),
  loyaltyKey: str(40),
  // Set by the server only, on the tombstone of a customer merged into another (identity
  // resolution): the survivor's id, so a tablet still holding the old id can follow it.
  mergedInto: nullableStr(64),
  // Version 2: what a merge would have dropped (src/shared/merge/identity.ts).
  otherContacts: nullable(arrayOf(obj({ kind: enumOf(['email', 'phone']), value: str(200, { minLength: 1 }), fromCustomerId: id(), addedAt: iso() }), { maxItems: 20 })),
  // Version 3: a birthday (day and month only) and the associates who look after the customer.
  birthday: nullable(obj({ month: int(1, 12), day: int(1, 31) })),
  // Version 4: indexed for Today — this week's birthdays, and top clients by tier or lifetime value.
  birthdayKey: str(5),
  advisors: nullable(arrayOf(obj({ storeId: id(), associateId: id(), role: enumOf(['primary', 'secondary']), setBy: id(), setAt: iso() }), { maxItems: 20 })),
  // Version 5: the purchase count, server-computed over all of the history (a tablet holds a window of it).
  orderCount: nullable(int()),
}, {
  required: ['id', 'updatedAt', 'firstName', 'lastName', 'email', 'phone', 'language', 'loyaltyId', 'tier', 'homeStoreId', 'preferences', 'consents', 'tags', 'lifetimeValueMinor', 'currency', 'createdAt', 'nameKey', 'nameKeyAlt', 'emailKey', 'phoneKey', 'loyaltyKey', 'birthdayKey'],
  indexes: ['nameKey', 'nameKeyAlt', 'emailKey', 'phoneKey', 'loyaltyKey', 'birthdayKey', 'tier', 'lifetimeValueMinor'],
  version: 5,
})

const cartItem = obj({
  sku: str(64, { minLength: 1 }),
  size: str(20),
  qty: int(1, 999),
  addedAt: iso(),
  channel: enumOf(['web', 'app', 'store']),
  addedBy: str(64, { minLength: 1 }),
})

function itemListSchema(title: string) {
  return collectionSchema(title, {
    customerId: id(),
    items: arrayOf(cartItem, { maxItems: 200 }),
  })
}

export const cartSchema = itemListSchema('cart')
export const wishlistSchema = itemListSchema('wishlist')
