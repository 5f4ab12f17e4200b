/**
 * The validators compiled when the app is built (src/db/generated/validators.js) judge a
 * document exactly as RxDB's own validate-ajv plugin, compiling at run time, would: the same
 * verdict and the same errors, which RxDB reports in its 422 (`validationErrors`). The
 * documents are valid ones of every collection and, for each of their fields, the field
 * replaced by a wrong type, a null, a string that is no date, a date that does not exist, and
 * strings of emoji at and just past the field's length (ajv counts code points, not UTF-16
 * units: the generated file carries its own count).
 */
import type { RxJsonSchema } from 'rxdb'
import type { CollectionName } from '../../src/shared/types'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { getValidator } from 'rxdb/plugins/validate-ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import * as compiled from '../../src/db/generated/validators.js'
import { COLLECTIONS } from '../../src/shared/collections'
import { DEMO_STORES, demoCustomers, demoInventory, demoProducts } from '../../sync-server/seed'
import { makeAppointment, makeInteraction, makeOutreach, makeTask, makeVisit } from '../fixtures/docs'
import { makeAssociate } from '../fixtures/world'

/** What RxDB adds to every document it stores. */
const RXDB_FIELDS = { _deleted: false, _meta: { lwt: 1_700_000_000_000 }, _rev: '1-abc', _attachments: {} }

function validDocuments(): Record<CollectionName, object> {
  const products = demoProducts(3)
  const customers = demoCustomers({ count: 3, products })
  const first = <T>(docs: readonly T[]): T => {
    if (!docs[0])
      throw new Error('the demo data has none')
    return docs[0]
  }
  return {
    stores: first(DEMO_STORES),
    associates: makeAssociate(),
    products: first(products),
    inventory: first(demoInventory(products, DEMO_STORES)),
    customers: first(customers.customers),
    carts: first(customers.carts),
    wishlists: first(customers.wishlists),
    orders: first(customers.orders),
    visits: makeVisit(),
    interactions: makeInteraction(),
    tasks: makeTask(),
    outreach: makeOutreach(),
    appointments: makeAppointment(),
  }
}

type Property = { type?: string | string[], maxLength?: number, format?: string }

/** The document, then the document with each field in turn made wrong in every way above, then with all at once. */
function variants(doc: object, schema: RxJsonSchema<unknown>): object[] {
  const base = { ...doc, ...RXDB_FIELDS }
  const allWrong = Object.fromEntries(Object.keys(schema.properties).map(field => [field, 12.5]))
  const out: object[] = [base, {}, { ...base, notInTheSchema: 1 }, allWrong]
  for (const [field, property] of Object.entries(schema.properties as Record<string, Property>)) {
    const wrong: unknown[] = [12.5, null, 'not a date', {}, [], '2025-02-30T10:00:00.000Z']
    if (property.maxLength !== undefined)
      wrong.push('😀'.repeat(property.maxLength), '😀'.repeat(property.maxLength + 1))
    for (const value of wrong) out.push({ ...base, [field]: value })
    const { [field]: _, ...without } = base as Record<string, unknown>
    out.push(without)
  }
  return out
}

describe('the validators compiled when the app is built', () => {
  const documents = validDocuments()
  let db: Awaited<ReturnType<typeof createDatabase>>
  beforeAll(async () => {
    db = await createDatabase({ storage: getRxStorageMemory(), name: `precompiled-${Date.now()}`, multiInstance: false })
  })
  afterAll(async () => await db.close())

  it.each(COLLECTIONS)('judge every %s document as RxDB\'s validation compiled at run time does, with the same errors', (name) => {
    // The schema the app's database hands its storage (RxDB's fields filled in, keys sorted):
    // what RxDB's plugin would compile. The order of its properties decides which error comes first.
    const schema = db.collections[name]!.schema.jsonSchema as RxJsonSchema<unknown>
    const atRunTime = getValidator(schema)
    const ahead = compiled[name]
    const judged = variants(documents[name], schema).map(doc => ({ doc, atRunTime: atRunTime(doc), ahead: ahead(doc) ? [] : ahead.errors }))
    expect(judged[0]!.ahead).toEqual([])
    expect(judged.filter(j => j.ahead?.length).length).toBeGreaterThan(judged.length / 2)
    for (const { doc, atRunTime, ahead } of judged)
      expect({ doc, errors: ahead }).toEqual({ doc, errors: atRunTime })
  })
})
