/**
 * The replicated documents, one file per part of the product, all re-exported here. Every
 * document has a string `id`, an `updatedAt` for display (never for ordering: the server's
 * change sequence orders) and, on the wire, `_deleted`. Money is always an integer in minor
 * units (cents) with an ISO currency next to it.
 */
import type { AppointmentDoc } from './appointments'
import type { AssociateDoc, InventoryDoc, ProductDoc, StoreDoc } from './catalog'
import type { CartDoc, CustomerDoc, WishlistDoc } from './customers'
import type { InteractionDoc, OrderDoc, VisitDoc } from './activity'
import type { OutreachDoc, TaskDoc } from './outreach'

export interface DocTypes {
  stores: StoreDoc
  associates: AssociateDoc
  products: ProductDoc
  inventory: InventoryDoc
  customers: CustomerDoc
  carts: CartDoc
  wishlists: WishlistDoc
  orders: OrderDoc
  visits: VisitDoc
  interactions: InteractionDoc
  tasks: TaskDoc
  outreach: OutreachDoc
  appointments: AppointmentDoc
}

export type CollectionName = keyof DocTypes

export * from './catalog'
export * from './customers'
export * from './activity'
export * from './outreach'
export * from './appointments'
export * from './base'
