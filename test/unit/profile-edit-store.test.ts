import type { ClientelingDatabase } from '../../src/db/types'
import { createPinia, setActivePinia } from 'pinia'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useDatabase } from '../../src/db/app-database'
import { createDatabase } from '../../src/db/database'
import { useDeviceStore } from '../../src/stores/device'
import { useProfileEditStore } from '../../src/stores/profile-edit'
import { useSessionStore } from '../../src/stores/session'
import { CUSTOMER_ID, makeCustomer } from '../fixtures/docs'
import { makeAssociate } from '../fixtures/world'

let db: ClientelingDatabase
let counter = 0

beforeEach(async () => {
  setActivePinia(createPinia())
  db = await createDatabase({ storage: getRxStorageMemory(), name: `profile-edit-store-${process.pid}-${counter++}`, multiInstance: false })
  useDatabase(db)
  const { _deleted, ...customer } = makeCustomer({ tags: ['vip'] })
  void _deleted
  await db.customers.insert(customer)
})
afterEach(async () => {
  useProfileEditStore().close()
  useDatabase(null)
  await db.remove()
})

async function opened() {
  const edit = useProfileEditStore()
  await edit.open(CUSTOMER_ID)
  for (let i = 0; i < 50 && edit.status !== 'ready'; i++) await new Promise(resolve => setTimeout(resolve, 10))
  return edit
}

describe('the profile edit form', () => {
  it('counts a change made in the form, even before anything replicates in', async () => {
    const edit = await opened()
    edit.draft!.tags = [...edit.draft!.tags, 'sposa']
    expect(edit.dirty).toBe(true)
    expect(edit.base!.tags).toEqual(['vip'])
  })

  it('saves the change to the local database with who changed it', async () => {
    const edit = await opened()
    edit.draft!.consents = { ...edit.draft!.consents, post: true }
    edit.draft!.tags = ['vip', 'sposa']
    useSessionStore().associate = makeAssociate({ id: 'assoc-mi-02' })
    useDeviceStore().enrollment = { deviceId: 'dev-1', token: 't', storeId: 'store-milano-duomo', serverUrl: '', name: 'Tablet', enrolledAt: '2026-11-22T08:00:00.000Z' }
    const ok = await edit.save()
    expect([ok, edit.problems, edit.status]).toEqual([true, {}, 'saved'])
    const saved = (await db.customers.findOne(CUSTOMER_ID).exec())!.toJSON()
    expect(saved.tags).toEqual(['vip', 'sposa'])
    expect(saved.consents.post).toMatchObject({ granted: true, capturedBy: 'assoc-mi-02', source: 'store-milano-duomo' })
  })

  it('refuses to save an invalid e-mail and changes nothing', async () => {
    const edit = await opened()
    edit.draft!.email = 'maria@'
    expect(await edit.save()).toBe(false)
    expect((await db.customers.findOne(CUSTOMER_ID).exec())!.email).toBe(makeCustomer().email)
  })

  it('keeps the associate\'s changes and moves to the survivor when the profile is merged into another while open', async () => {
    const edit = await opened()
    edit.draft!.tags = ['vip', 'sposa']
    const { _deleted, ...survivor } = makeCustomer({ id: 'cus-survivor', firstName: 'Maria Grazia', tags: ['web'] })
    void _deleted
    await db.customers.insert(survivor)
    // What replication does with the server's tombstone: the old profile names the survivor and goes.
    const old = (await db.customers.findOne(CUSTOMER_ID).exec())!
    await (await old.incrementalPatch({ mergedInto: 'cus-survivor' })).remove()
    await expect.poll(() => edit.customer?.id).toBe('cus-survivor')
    expect(edit.movedTo).toBe('cus-survivor')
    expect(edit.draft!.firstName).toBe('Maria Grazia')
    expect(edit.draft!.tags).toEqual(expect.arrayContaining(['web', 'sposa']))
    expect(edit.status).toBe('ready')
  })
})
