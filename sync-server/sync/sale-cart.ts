/**
 * Items bought in store leave the customer's online cart, on the server too: when a new store
 * order with a customer is written, the bought pieces come out of that customer's cart in the
 * same transaction, and the platform hears of it through the outbox. The tablet did the same
 * to its local cart at the sale; whichever arrives second finds nothing left to remove, so the
 * platform hears of the removal once.
 */
import type { CartDoc, OrderDoc } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import { removeBought } from '../../src/shared/cart'
import { queueOutboundEvents } from '../outbound/outbox'

export async function removeSoldFromCarts(w: Writer, storeId: string, orders: AnyDoc[], masters: Map<string, AnyDoc>): Promise<void> {
  const fresh = (orders as unknown as OrderDoc[]).filter(o => o.channel === 'store' && o.customerId && !masters.has(o.id))
  if (!fresh.length)
    return
  const carts = await w.load('carts', [...new Set(fresh.map(o => o.customerId!))])
  const changed: AnyDoc[] = []
  for (const [customerId, master] of carts) {
    if (master._deleted === true)
      continue
    const cart = master as unknown as CartDoc
    const bought = fresh.filter(o => o.customerId === customerId).flatMap(o => o.lines)
    const items = removeBought(cart.items, bought)
    if (items.length !== cart.items.length || items.some((item, i) => item !== cart.items[i]))
      changed.push({ ...master, items, updatedAt: new Date().toISOString() })
  }
  if (!changed.length)
    return
  await w.write('carts', changed)
  await queueOutboundEvents(w, storeId, 'carts', changed, carts)
}
