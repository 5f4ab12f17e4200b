import type { RxJsonSchema } from 'rxdb'
import { createRxDatabase } from 'rxdb'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv'
import { describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { schemas } from '../../src/shared/schemas'
import { makeCustomer, makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'

/** The orders schema as version 0 shipped it: no discountApprovedBy on lines. */
function ordersV0(): RxJsonSchema<unknown> {
  const current = structuredClone(schemas.orders) as { properties: { lines: { items: { properties: Record<string, unknown> } } } }
  delete current.properties.lines.items.properties.discountApprovedBy
  return { ...current, version: 0 } as unknown as RxJsonSchema<unknown>
}

describe('a tablet upgraded to a newer schema', () => {
  it('opens the database an older app version wrote and keeps its orders', async () => {
    const name = `migration-${process.pid}-${Date.now()}`
    const storage = getRxStorageMemory()
    const old = await createRxDatabase({ name, storage: wrappedValidateAjvStorage({ storage }), multiInstance: false })
    await old.addCollections({ orders: { schema: ordersV0() } })
    const { _deleted, ...order } = makeOrder({ id: 'ord-before-upgrade' })
    void _deleted
    await old.orders!.insert(order)
    await old.close()

    const db = await createDatabase({ storage, name, multiInstance: false })
    const migrated = await db.orders.findOne('ord-before-upgrade').exec()
    expect(migrated?.toJSON()).toMatchObject({ id: 'ord-before-upgrade', totalMinor: order.totalMinor, lines: order.lines })
    const { _deleted: _d, ...after } = makeOrder({ id: 'ord-after', lines: [{ ...order.lines[0]!, discountApprovedBy: 'assoc-manager' }] })
    void _d
    await db.orders.insert(after)
    expect((await db.orders.findOne('ord-after').exec())?.lines[0]?.discountApprovedBy).toBe('assoc-manager')
    await db.remove()
  })
})

/** A collection's schema as version 0 shipped it: without the given optional fields and extra indexes. */
function v0(collection: 'customers' | 'visits' | 'interactions', drop: string[], indexes?: string[]): RxJsonSchema<unknown> {
  const current = structuredClone(schemas[collection]) as unknown as { properties: Record<string, unknown>, indexes: unknown[] }
  for (const field of drop) delete current.properties[field]
  return { ...current, ...(indexes ? { indexes } : {}), version: 0 } as unknown as RxJsonSchema<unknown>
}

describe('a tablet upgraded to merged profiles, coaching comments and the follow-up index', () => {
  it('keeps its customers, visits and interactions, which then take the new fields', async () => {
    const name = `migration-v1-${process.pid}-${Date.now()}`
    const storage = getRxStorageMemory()
    const old = await createRxDatabase({ name, storage: wrappedValidateAjvStorage({ storage }), multiInstance: false })
    await old.addCollections({
      customers: { schema: v0('customers', ['mergedInto']) },
      visits: { schema: v0('visits', ['comments']) },
      interactions: { schema: v0('interactions', [], ['visitId', 'at']) },
    })
    const plain = <T extends { _deleted?: boolean }>({ _deleted, ...doc }: T) => doc
    await old.customers!.insert(plain(makeCustomer({ id: 'cus-before' })))
    await old.visits!.insert(plain(makeVisit({ id: 'visit-before' })))
    await old.interactions!.insert(plain(makeInteraction({ id: 'int-before', type: 'follow_up', dueAt: '2026-12-01T10:00:00.000Z' })))
    await old.close()

    const db = await createDatabase({ storage, name, multiInstance: false })
    expect((await db.customers.findOne('cus-before').exec())?.firstName).toBe('Maria')
    const visit = (await db.visits.findOne('visit-before').exec())!
    await visit.incrementalModify(v => ({ ...v, comments: [{ id: 'c1', by: 'assoc-manager', at: '2026-11-22T10:00:00.000Z', text: 'Bene' }] }))
    expect((await db.visits.findOne('visit-before').exec())?.comments).toHaveLength(1)
    const followUps = await db.interactions.find({ selector: { type: 'follow_up' }, sort: [{ type: 'asc' }, { at: 'asc' }] }).exec()
    expect(followUps.map(i => i.id)).toEqual(['int-before'])
    await db.remove()
  })
})
