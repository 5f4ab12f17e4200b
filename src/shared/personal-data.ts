/**
 * What a customer's tombstone keeps: nothing that identifies the person. One definition for
 * every way a profile ends (an erasure, a merge into another profile), so no field is
 * forgotten by one of them.
 */
import type { CustomerDoc } from './types'

export function customerTombstone<T extends Partial<CustomerDoc> & { id: string }>(customer: T, at: string): T & { _deleted: true } {
  return {
    ...customer,
    firstName: '',
    lastName: '',
    email: null,
    phone: null,
    loyaltyId: null,
    homeStoreId: null,
    preferences: { sizes: {}, brands: [], categories: [], colours: [] },
    consents: {},
    tags: [],
    otherContacts: null,
    nameKey: '',
    nameKeyAlt: '',
    emailKey: '',
    phoneKey: '',
    loyaltyKey: '',

    updatedAt: at,
    _deleted: true,
  }
}
