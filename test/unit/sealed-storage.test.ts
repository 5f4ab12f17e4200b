/**
 * The tablet's sealed storage (src/db/sealed-storage.ts) gives back exactly the document it
 * was given: every contact field, sealed on disk, and an optional one it did not have still
 * absent (a null in its place would differ from the server's copy on every push).
 */
import type { ClientelingDatabase } from '../../src/db/types'
import type { CustomerDoc } from '../../src/shared/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockBook, unlockBook } from '../../src/platform/book-lock'
import { createDatabase } from '../../src/db/database'
import { openDoc, sealDoc, specFor } from '../../src/db/sealed-storage'
import { customerSchema } from '../../src/shared/schemas/customers'
import { makeCustomer } from '../fixtures/docs'

const OTHER = [{ kind: 'email' as const, value: 'maria.rossi@work.example', fromCustomerId: 'store-1', addedAt: '2026-11-22T12:00:00.000Z' }]
const spec = specFor(customerSchema as never)!.spec

let db: ClientelingDatabase
beforeAll(async () => {
  await unlockBook(crypto.getRandomValues(new Uint8Array(32)), 'sealed-test')
  db = await createDatabase({ storage: getRxStorageMemory(), name: `sealed-${process.pid}-${Date.now()}`, multiInstance: false, sealed: true })
})
afterAll(async () => {
  await db.remove()
  lockBook()
})

describe('contact fields sealed at rest', () => {
  it.each([
    ['with e-mail, phone and other contacts', makeCustomer({ id: 'c-1', otherContacts: OTHER })],
    ['with other contacts only', makeCustomer({ id: 'c-2', email: null, phone: null, otherContacts: OTHER })],
    ['never merged (no other contacts field)', makeCustomer({ id: 'c-3' })],
    ['with no contact at all', makeCustomer({ id: 'c-4', email: null, phone: null })],
  ])('gives back the customer %s as it was written', async (_name, customer) => {
    await db.customers.insert(customer)
    const { _deleted, ...written } = customer
    expect((await db.customers.findOne(customer.id).exec())!.toJSON()).toEqual(written)
  })

  it('keeps no address on disk, other contacts included', async () => {
    const sealed = await sealDoc(spec, makeCustomer({ id: 'c-5', email: 'maria@example.com', phone: '+39 333 777 8888', otherContacts: OTHER }) as never)
    expect(JSON.stringify(sealed)).not.toMatch(/maria@example|777 8888|work\.example/)
    expect(sealed).toMatchObject({ phone: null, otherContacts: null })
    const absent = await sealDoc(spec, makeCustomer({ id: 'c-6' }) as never)
    expect(absent).not.toHaveProperty('otherContacts')
    expect(await openDoc(spec, absent)).not.toHaveProperty('otherContacts')
    expect((await openDoc(spec, sealed) as unknown as CustomerDoc).otherContacts).toEqual(OTHER)
  })
})
