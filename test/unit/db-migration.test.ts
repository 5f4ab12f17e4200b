import type { RxJsonSchema } from 'rxdb'
import { createRxDatabase } from 'rxdb'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv'
import { describe, expect, it } from 'vitest'
import { createDatabase } from '../../src/db/database'
import { schemas } from '../../src/shared/schemas'
import { makeOrder } from '../fixtures/docs'

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
