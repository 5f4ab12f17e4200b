/**
 * Live reads for one customer's 360° profile. Every part is an RxDB query observable, so a
 * cart replicated in from the web (or a note written on this tablet) re-emits the profile
 * while it is open, with no reload.
 */
import type { Observable } from 'rxjs'
import type { CartDoc, CustomerDoc, InteractionDoc, OrderDoc, ProductDoc, StoreDoc, VisitDoc } from '../shared/types'
import type { CustomerProfile, HistoryParts, ProfileParts } from '../models/profile'
import type { ClientelingDatabase } from './types'
import { combineLatest, distinctUntilChanged, filter, map, of, shareReplay, switchMap } from 'rxjs'
import { getAppDatabase } from './app-database'
import { composeProfile, NO_HISTORY, referencedSkus, withHistory } from '../models/profile'

interface Jsonable { toJSON: () => unknown }
const toDoc = <T>(doc: Jsonable | null): T | null => (doc ? doc.toJSON() as T : null)
const toDocs = <T>(docs: Jsonable[]): T[] => docs.map(d => d.toJSON() as T)

/** The profile, re-emitted on every change of any of its documents; null while the customer isn't here (or was erased). */
export function watchCustomerProfile(db: ClientelingDatabase, customerId: string, history$: Observable<HistoryParts> = of(NO_HISTORY)): Observable<CustomerProfile | null> {
  // customerId is nullable on orders, visits and interactions, so RxDB can't index it: these
  // queries scan one store's book, and the sorting happens in composeProfile.
  const visits$ = db.visits.find({ selector: { customerId } }).$.pipe(
    map(d => toDocs<VisitDoc>(d)),
    shareReplay({ bufferSize: 1, refCount: true }),
  )
  // A walk-in visit linked to the customer later keeps its interactions and sale as they were
  // written (customerId null, never rewritten): they belong to the profile through the visit.
  const ofVisits = <T>(find: (visitIds: string[]) => Observable<T[]>) => visits$.pipe(
    map(visits => visits.map(v => v.id).sort().join('\n')),
    distinctUntilChanged(),
    switchMap(key => find(key ? key.split('\n') : [])),
  )
  const mineOrOfVisits = (visitIds: string[]) => ({ selector: { $or: [{ customerId }, { customerId: null, visitId: { $in: visitIds } }] } })
  const base$ = combineLatest([combineLatest({
    customer: db.customers.findOne(customerId).$.pipe(map(d => toDoc<CustomerDoc>(d))),
    cart: db.carts.findOne(customerId).$.pipe(map(d => toDoc<CartDoc>(d))),
    wishlist: db.wishlists.findOne(customerId).$.pipe(map(d => toDoc<CartDoc>(d))),
    orders: ofVisits(ids => db.orders.find(mineOrOfVisits(ids)).$.pipe(map(d => toDocs<OrderDoc>(d)))),
    visits: visits$,
    interactions: ofVisits(ids => db.interactions.find(mineOrOfVisits(ids)).$.pipe(map(d => toDocs<InteractionDoc>(d)))),
  }), history$]).pipe(
    // What the server sent for this profile only (models/profile.ts, `withHistory`).
    map(([local, history]) => withHistory(local, history)),
    shareReplay({ bufferSize: 1, refCount: true }),
  )
  // Re-query products only when the set of skus changes, not on every qty change.
  const products$ = base$.pipe(
    map(base => referencedSkus(base).join('\n')),
    distinctUntilChanged(),
    switchMap(key => (key === ''
      ? of({ key, products: [] as ProductDoc[] })
      : db.products.find({ selector: { sku: { $in: key.split('\n') } } }).$.pipe(map(d => ({ key, products: toDocs<ProductDoc>(d) }))))),
  )
  const stores$ = db.stores.find().$.pipe(map(d => toDocs<StoreDoc>(d)))
  // Names only: the PIN hashes stay out of the view model.
  const associates$ = db.associates.find().$.pipe(map(docs => docs.map(d => ({ id: d.id, displayName: d.displayName }))))
  return combineLatest([base$, products$, stores$, associates$]).pipe(
    // A new sku arrives with the cart before its product query answers: wait for it rather
    // than flash the item as an unknown product.
    filter(([base, products]) => referencedSkus(base).join('\n') === products.key),
    map(([base, products, stores, associates]): ProfileParts => ({ ...base, products: products.products, stores, associates })),
    map(composeProfile),
  )
}

/** Opens the app database and watches the profile; returns the unsubscribe. */
export async function subscribeCustomerProfile(
  customerId: string,
  observer: { next: (profile: CustomerProfile | null) => void, error: (error: unknown) => void },
  history$?: Observable<HistoryParts>,
): Promise<() => void> {
  const db = await getAppDatabase()
  const subscription = watchCustomerProfile(db, customerId, history$).subscribe(observer)
  return () => subscription.unsubscribe()
}
