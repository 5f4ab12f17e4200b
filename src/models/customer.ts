/** The shapes a screen shows of customers found, kept apart from how they are stored. */
import type { CustomerDoc } from '../shared/types'

/** What a result row needs; the rest of the profile is read when the customer is opened. */
export type CustomerSummary = Pick<CustomerDoc, 'id' | 'firstName' | 'lastName' | 'email' | 'phone' | 'loyaltyId' | 'tier' | 'homeStoreId' | 'nameKey' | 'nameKeyAlt'>
