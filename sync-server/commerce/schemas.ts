/**
 * What the e-commerce platform may send, per event type. Documents it owns outright
 * (products, web orders) use the replicated schemas; partial updates use these.
 */
import type { CommerceEventType } from '../../src/shared/protocol'
import { WEB_CUSTOMER_FIELDS } from '../../src/shared/protocol'
import { inventorySchema } from '../../src/shared/schemas/catalog'
import { cartSchema, customerSchema } from '../../src/shared/schemas/customers'
import { str } from '../../src/shared/schemas/common'
import { compileSchema } from '../model/validate'

const customerProps = customerSchema.properties as Record<string, unknown>

export const eventEnvelope = compileSchema({
  type: 'object',
  required: ['id', 'type', 'occurredAt', 'data'],
  properties: {
    id: str(100, { minLength: 1 }),
    type: { enum: ['customer.upserted', 'cart.updated', 'wishlist.updated', 'order.created', 'product.upserted', 'inventory.updated', 'customer.erased'] },
    occurredAt: { type: 'string', format: 'date-time' },
    data: { type: 'object' },
  },
})

const itemsProp = (cartSchema.properties as Record<string, unknown>).items

export const eventData: Partial<Record<CommerceEventType, ReturnType<typeof compileSchema>>> = {
  'customer.upserted': compileSchema({
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: {
      id: customerProps.id,
      ...Object.fromEntries(WEB_CUSTOMER_FIELDS.map(f => [f, customerProps[f]])),
    },
  }),
  'cart.updated': compileSchema({ type: 'object', additionalProperties: false, required: ['customerId', 'items'], properties: { customerId: str(64, { minLength: 1 }), items: itemsProp } }),
  // The stock document's own range: an onHand the tablets' schema would refuse is refused here.
  'inventory.updated': compileSchema({ type: 'object', additionalProperties: false, required: ['storeId', 'sku', 'onHand'], properties: { storeId: str(64, { minLength: 1 }), sku: str(64, { minLength: 1 }), onHand: (inventorySchema.properties as Record<string, unknown>).onHand } }),
  'customer.erased': compileSchema({ type: 'object', required: ['customerId'], properties: { customerId: str(64, { minLength: 1 }) } }),
}
eventData['wishlist.updated'] = eventData['cart.updated']
