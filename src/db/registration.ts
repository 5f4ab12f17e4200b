/**
 * Registering a customer on the tablet: look-alikes by the indexed keys (exact e-mail, exact
 * normalised phone, exact name), then the new document written locally; replication brings
 * it to the server, where the device's push puts the customer into this store's book.
 */
import type { Candidate } from '../domain/registration'
import type { CustomerDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { getAppDatabase } from './app-database'

export async function findLookAlikes(keys: { emailKey: string, phoneKey: string, nameKey: string }, db?: ClientelingDatabase): Promise<Candidate['customer'][]> {
  const database = db ?? await getAppDatabase()
  const queries = [
    keys.emailKey ? database.customers.find({ selector: { emailKey: keys.emailKey }, limit: 5 }).exec() : Promise.resolve([]),
    keys.phoneKey.length >= 6 ? database.customers.find({ selector: { phoneKey: keys.phoneKey }, limit: 5 }).exec() : Promise.resolve([]),
    keys.nameKey.includes(' ') ? database.customers.find({ selector: { nameKey: keys.nameKey }, limit: 5 }).exec() : Promise.resolve([]),
  ]
  const found = (await Promise.all(queries)).flat()
  return found.map(d => d.toJSON() as CustomerDoc)
}

export async function insertCustomer(customer: CustomerDoc, db?: ClientelingDatabase): Promise<void> {
  await (db ?? await getAppDatabase()).customers.insert(customer)
}
