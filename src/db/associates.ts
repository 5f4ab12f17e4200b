/**
 * The enrolled store's associates, for the lock screen. The collection holds only this
 * store's staff (the server replicates no one else), but the store id is still part of
 * every query: a document of another store must never be able to sign in here.
 */
import type { Observable } from 'rxjs'
import type { AssociateDoc } from '../shared/types'
import { from, map, switchMap } from 'rxjs'
import { compareAssociates, sameStaffCode } from '../domain/associates'
import { getAppDatabase } from './app-database'

const toDocs = (docs: { toJSON: () => unknown }[]): AssociateDoc[] =>
  docs.map(d => d.toJSON() as AssociateDoc).sort(compareAssociates)

/** Active associates of the store, managers first then by name; emits again on every change. */
export function watchStoreAssociates(storeId: string): Observable<AssociateDoc[]> {
  return from(getAppDatabase()).pipe(
    switchMap(db => db.associates.find({ selector: { storeId, active: true } }).$),
    map(toDocs),
  )
}

/** Everyone of the store, active or not (the manager's staff screen), managers first then by name. */
export function watchAllStoreStaff(storeId: string): Observable<AssociateDoc[]> {
  return from(getAppDatabase()).pipe(
    switchMap(db => db.associates.find({ selector: { storeId } }).$),
    map(toDocs),
  )
}

export async function getStoreAssociates(storeId: string): Promise<AssociateDoc[]> {
  const db = await getAppDatabase()
  return toDocs(await db.associates.find({ selector: { storeId, active: true } }).exec())
}

/** The associate as stored now (active or not), or null when unknown or of another store. */
export async function getAssociate(storeId: string, associateId: string): Promise<AssociateDoc | null> {
  const db = await getAppDatabase()
  const doc = await db.associates.findOne(associateId).exec()
  const associate = doc ? doc.toJSON() as AssociateDoc : null
  return associate && associate.storeId === storeId ? associate : null
}

/** Staff codes are typed on a touch keyboard: "fi02" finds "FI02". */
export async function findAssociateByStaffCode(storeId: string, staffCode: string): Promise<AssociateDoc | null> {
  const associates = await getStoreAssociates(storeId)
  return associates.find(a => sameStaffCode(a.staffCode, staffCode)) ?? null
}
