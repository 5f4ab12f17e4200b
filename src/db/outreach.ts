/** Messages to customers on the tablet: written here first (offline too), then replicated. */
import type { Observable } from 'rxjs'
import type { LookProduct } from '../models/catalogue'
import type { OutreachDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { map } from 'rxjs'
import { monotonicFactory } from 'ulid'
import { getAppDatabase } from './app-database'

const ulid = monotonicFactory()

export type NewOutreach = Omit<OutreachDoc, 'id' | 'updatedAt' | 'at' | 'status' | 'reason' | 'sentAt' | 'clicks'>

export async function writeOutreach(message: NewOutreach, db?: ClientelingDatabase): Promise<OutreachDoc> {
  const database = db ?? await getAppDatabase()
  const at = new Date().toISOString()
  const doc: OutreachDoc = { ...message, id: ulid(), updatedAt: at, at, status: message.channel === 'email' ? 'queued' : 'logged', reason: null, sentAt: null, clicks: 0 }
  await database.outreach.insert(doc)
  return doc
}

/** A customer's messages, newest first, live (a status the server writes arrives by replication). */
export async function watchCustomerOutreach(customerId: string, db?: ClientelingDatabase): Promise<Observable<OutreachDoc[]>> {
  const database = db ?? await getAppDatabase()
  return database.outreach.find({ selector: { customerId }, sort: [{ at: 'desc' }] }).$.pipe(map(docs => docs.map(d => d.toJSON() as OutreachDoc)))
}

/** Products a look could start from: the wishlist, the cart, and what was tried on or recommended in store. */
export async function lookSuggestions(customerId: string, db?: ClientelingDatabase): Promise<LookProduct[]> {
  const database = db ?? await getAppDatabase()
  const [wishlist, cart, touched] = await Promise.all([
    database.wishlists.findOne(customerId).exec(),
    database.carts.findOne(customerId).exec(),
    database.interactions.find({ selector: { customerId, type: { $in: ['tried_on', 'recommended'] } }, sort: [{ at: 'desc' }], limit: 30 }).exec(),
  ])
  const picks: { sku: string, why: LookProduct['why'] }[] = [
    ...(wishlist?.items ?? []).map(i => ({ sku: i.sku, why: 'wishlist' as const })),
    ...(cart?.items ?? []).map(i => ({ sku: i.sku, why: 'cart' as const })),
    ...touched.filter(i => i.sku).map(i => ({ sku: i.sku!, why: i.type === 'tried_on' ? 'tried' as const : 'recommended' as const })),
  ]
  const unique = [...new Map(picks.map(p => [p.sku, p])).values()]
  const products = await database.products.findByIds(unique.map(p => p.sku)).exec()
  return unique.flatMap((p) => {
    const product = products.get(p.sku)
    return product ? [{ sku: p.sku, name: product.name, priceMinor: product.priceMinor, currency: product.currency, imageUrl: product.imageUrl, why: p.why }] : []
  }).slice(0, 24)
}
