/**
 * The documented document types (../types.ts, with a comment on every field) and the JSON
 * schemas both sides validate with must describe the same documents. Each line below fails
 * the typecheck when they drift: a field in one and not the other, optional in one and
 * required in the other, or a closed list with a value the other lacks.
 */
import type { DocTypes } from '../types'
import type { DocOf } from './common'
import type { interactionSchema, orderSchema, visitSchema } from './activity'
import type { associateSchema, inventorySchema, productSchema, storeSchema } from './catalog'
import type { cartSchema, customerSchema, wishlistSchema } from './customers'
import type { appointmentSchema } from './appointments'
import type { outreachSchema } from './outreach'
import type { taskSchema } from './tasks'

/** Nested objects and intersections flattened, so two spellings of one type compare equal. */
type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T
type Same<A, B> = (<T>() => T extends Plain<A> ? 1 : 2) extends (<T>() => T extends Plain<B> ? 1 : 2) ? true : false
type Holds<T extends true> = T

export type SchemasMatchTypes = [
  Holds<Same<DocTypes['stores'], DocOf<typeof storeSchema>>>,
  Holds<Same<DocTypes['associates'], DocOf<typeof associateSchema>>>,
  Holds<Same<DocTypes['products'], DocOf<typeof productSchema>>>,
  Holds<Same<DocTypes['inventory'], DocOf<typeof inventorySchema>>>,
  Holds<Same<DocTypes['customers'], DocOf<typeof customerSchema>>>,
  Holds<Same<DocTypes['carts'], DocOf<typeof cartSchema>>>,
  Holds<Same<DocTypes['wishlists'], DocOf<typeof wishlistSchema>>>,
  Holds<Same<DocTypes['orders'], DocOf<typeof orderSchema>>>,
  Holds<Same<DocTypes['visits'], DocOf<typeof visitSchema>>>,
  Holds<Same<DocTypes['interactions'], DocOf<typeof interactionSchema>>>,
  Holds<Same<DocTypes['tasks'], DocOf<typeof taskSchema>>>,
  Holds<Same<DocTypes['outreach'], DocOf<typeof outreachSchema>>>,
  Holds<Same<DocTypes['appointments'], DocOf<typeof appointmentSchema>>>,
]
