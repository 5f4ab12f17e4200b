import type { CollectionName } from '../types'
import type { JsonSchema } from './common'
import { interactionSchema, orderSchema, visitSchema } from './activity'
import { associateSchema, inventorySchema, productSchema, storeSchema } from './catalog'
import { cartSchema, customerSchema, wishlistSchema } from './customers'
import { appointmentSchema } from './appointments'
import { outreachSchema } from './outreach'
import { taskSchema } from './tasks'

export type { JsonSchema } from './common'

export const schemas: Record<CollectionName, JsonSchema> = {
  stores: storeSchema,
  associates: associateSchema,
  products: productSchema,
  inventory: inventorySchema,
  customers: customerSchema,
  carts: cartSchema,
  wishlists: wishlistSchema,
  orders: orderSchema,
  visits: visitSchema,
  interactions: interactionSchema,
  tasks: taskSchema,
  outreach: outreachSchema,
  appointments: appointmentSchema,
}
