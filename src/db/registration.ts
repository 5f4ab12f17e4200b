/**
 * Registering a customer on the tablet: look-alikes by the indexed keys (exact e-mail, exact
 * normalised phone, exact name), then the new document written locally; replication brings
 * it to the server, where the device's push puts the customer into this store's book. The
 * e-mail and phone keys are blind on disk (./sealed-storage.ts): queried blind, and handed
 * back in their plain form so the draft's keys compare with them.
 */
import type { Candidate } from '../domain/registration'
import type { CustomerDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { customerKeys } from '../shared/search'
import { getAppDatabase } from './app-database'
import { storedSearchKey } from './database'

export async function findLookAlikes(keys: { emailKey: string, phoneKey: string, nameKey: string }, db?: ClientelingDatabase): Promise<Candidate['customer'][]> {
  const database = db ?? await getAppDatabase()
  const [emailKey, phoneKey] = await Promise.all([
    keys.emailKey ? storedSearchKey(database, 'emailKey', keys.emailKey) : '',
    keys.phoneKey.length >= 6 ? storedSearchKey(database, 'phoneKey', keys.phoneKey) : '',
  ])
  const queries = [
    emailKey ? database.customers.find({ selector: { emailKey }, limit: 5 }).exec() : Promise.resolve([]),
    phoneKey ? database.customers.find({ selector: { phoneKey }, limit: 5 }).exec() : Promise.resolve([]),
    keys.nameKey.includes(' ') ? database.customers.find({ selector: { nameKey: keys.nameKey }, limit: 5 }).exec() : Promise.resolve([]),
  ]
  const found = (await Promise.all(queries)).flat()
  return found.map((d) => {
    const doc = d.toJSON() as CustomerDoc
    return { ...doc, ...customerKeys(doc) }
  })
}

export async function insertCustomer(customer: CustomerDoc, db?: ClientelingDatabase): Promise<void> {
  await (db ?? await getAppDatabase()).customers.insert(customer)
}
