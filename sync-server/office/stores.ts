/**
 * What head office's admin does: open a store (its document, which replicates to that store's
 * tablets once one is enrolled), give it a first manager (through the same path as a manager
 * adding staff: hashed PIN and a wrap of the book key), and grant area managers the other
 * stores they run (`manager_stores`, read on every request, so a grant taken back ends their
 * access at once). Each change goes to the store's log with the account that made it.
 */
import type { AssociateDoc, StoreDoc } from '../../src/shared/types'
import type { Database } from '../storage/db'
import type { AnyDoc } from '../storage/writer'
import type { NewStaff } from '../auth/staff'
import type { NewStore, OfficeAccount, OfficeManager, OfficeStore } from '../../src/shared/endpoints'
import { recordStoreChange } from '../audit/store-log'
import { issueEnrollCode } from '../auth/devices'
import { addStaff } from '../auth/staff'
import { validateDocument } from '../model/validate'
import { withWriter } from '../storage/writer'
import { AppError } from '../../src/shared/errors'

const STORE_ID = /^[a-z0-9][a-z0-9-]{2,39}$/

export async function listOfficeStores(db: Database): Promise<OfficeStore[]> {
  const stores = await db.query<{ data: StoreDoc }>(`SELECT data FROM docs WHERE collection = 'stores' AND NOT deleted AND data->>'kind' = 'store' ORDER BY data->>'name'`)
  const managers = await listOfficeManagers(db)
  return stores.rows.map(({ data: s }) => ({
    id: s.id,
    name: s.name,
    city: s.address.city,
    timezone: s.timezone,
    managers: managers.filter(m => m.storeId === s.id).map(m => ({ id: m.id, displayName: m.displayName, staffCode: m.staffCode })),
    areaManagers: managers.filter(m => m.grants.includes(s.id)).map(m => ({ id: m.id, displayName: m.displayName, storeId: m.storeId })),
  }))
}

export async function listOfficeManagers(db: Database): Promise<OfficeManager[]> {
  const { rows } = await db.query<{ data: AssociateDoc }>(`SELECT data FROM docs WHERE collection = 'associates' AND NOT deleted AND data->>'role' = 'manager' AND (data->>'active')::boolean ORDER BY data->>'displayName'`)
  const grants = await db.query<{ associate_id: string, store_id: string }>('SELECT associate_id, store_id FROM manager_stores ORDER BY store_id')
  return rows.map(({ data: a }) => ({ id: a.id, displayName: a.displayName, staffCode: a.staffCode, storeId: a.storeId, grants: grants.rows.filter(g => g.associate_id === a.id).map(g => g.store_id) }))
}

export function readNewStore(body: unknown): NewStore {
  const b = (body ?? {}) as Record<string, unknown>
  const id = typeof b.id === 'string' ? b.id.trim() : ''
  if (!STORE_ID.test(id))
    throw new AppError('invalid-request', 'A store id is 3 to 40 lowercase letters, digits and dashes, like store-bologna-centro.')
  return { ...(b as unknown as NewStore), id }
}

export async function createStore(db: Database, input: NewStore, by: OfficeAccount): Promise<StoreDoc> {
  const store: StoreDoc = {
    id: input.id,
    updatedAt: new Date().toISOString(),
    name: input.name,
    kind: 'store',
    address: input.address,
    timezone: input.timezone,
    currency: input.currency,
    vatRateBp: input.vatRateBp,
    phone: input.phone,
    email: input.email,
  }
  const problem = validateDocument('stores', store)
    ?? (!store.name.trim() || !store.address.city.trim() ? 'a name and a city are needed' : null)
  if (problem)
    throw new AppError('invalid-document', `The store is not complete: ${problem}.`)
  if (!isTimeZone(store.timezone))
    throw new AppError('invalid-document', `${store.timezone} is not a time zone (like Europe/Rome).`)
  await withWriter(db, async (w) => {
    await w.lock([`stores:${store.id}`])
    if ((await w.load('stores', [store.id])).size)
      throw new AppError('already-decided', `There is a store ${store.id} already.`)
    await w.write('stores', [store as unknown as AnyDoc])
  })
  await recordStoreChange(db, { storeId: store.id, deviceId: null, associateId: null, action: 'store-create', officeAccountId: by.id })
  return store
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone }).format(0)
    return true
  }
  catch {
    return false
  }
}

/** The store's first manager (or another one), with the PIN head office agreed with them. */
export async function addManager(db: Database, storeId: string, input: NewStaff, by: OfficeAccount, iterations: number): Promise<AssociateDoc> {
  const store = await db.query(`SELECT 1 FROM docs WHERE collection = 'stores' AND id = $1 AND NOT deleted`, [storeId])
  if (!store.rows.length)
    throw new AppError('not-found', `There is no store ${storeId}.`)
  const added = await addStaff(db, storeId, { ...input, role: 'manager' }, iterations)
  await recordStoreChange(db, { storeId, deviceId: null, associateId: null, action: 'staff-add', subject: added.id, detail: 'manager', officeAccountId: by.id })
  return added
}

/** A code that enrolls one tablet into the store: how a new store gets its first one. */
export async function officeEnrollCode(db: Database, storeId: string, by: OfficeAccount): Promise<{ code: string, expiresAt: string }> {
  const store = await db.query(`SELECT 1 FROM docs WHERE collection = 'stores' AND id = $1 AND NOT deleted AND data->>'kind' = 'store'`, [storeId])
  if (!store.rows.length)
    throw new AppError('not-found', `There is no store ${storeId}.`)
  const issued = await issueEnrollCode(db, storeId, { createdBy: `office:${by.id}` })
  await recordStoreChange(db, { storeId, deviceId: null, associateId: null, action: 'enroll-code', subject: issued.id, detail: 'office', officeAccountId: by.id })
  return { code: issued.code, expiresAt: issued.expiresAt }
}

/** Replaces the stores an area manager is granted besides their own; the log says what changed. */
export async function setGrants(db: Database, managerId: string, storeIds: readonly string[], by: OfficeAccount): Promise<string[]> {
  const manager = (await listOfficeManagers(db)).find(m => m.id === managerId)
  if (!manager)
    throw new AppError('not-found', `There is no active manager ${managerId}.`)
  const wanted = [...new Set(storeIds)].filter(id => id !== manager.storeId).sort()
  const known = await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' AND NOT deleted AND id = ANY($1::text[])`, [wanted])
  const unknown = wanted.filter(id => !known.rows.some(r => r.id === id))
  if (unknown.length)
    throw new AppError('unknown-store', `There is no store ${unknown.join(', ')}.`)
  const added = wanted.filter(id => !manager.grants.includes(id))
  const removed = manager.grants.filter(id => !wanted.includes(id))
  for (const storeId of added) {
    await db.query('INSERT INTO manager_stores (associate_id, store_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [managerId, storeId])
    await recordStoreChange(db, { storeId, deviceId: null, associateId: null, action: 'area-grant', subject: managerId, officeAccountId: by.id })
  }
  for (const storeId of removed) {
    await db.query('DELETE FROM manager_stores WHERE associate_id = $1 AND store_id = $2', [managerId, storeId])
    await recordStoreChange(db, { storeId, deviceId: null, associateId: null, action: 'area-revoke', subject: managerId, officeAccountId: by.id })
  }
  return wanted
}
