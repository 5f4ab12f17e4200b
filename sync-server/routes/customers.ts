/**
 * Reaching beyond the store's own book: the online search across every store and "pin to
 * this store". Both copy other stores' customers towards this tablet, so both need an
 * associate whose PIN the server checked (not only the device token), both are rate-limited
 * per tablet and per associate, a search must look one person up (src/shared/search.ts,
 * `isOnlineLookup`), and a pin only takes a customer that associate found by a search on
 * that tablet in the last half hour: an id alone pins nothing. Every pin is in the audit log
 * and, with its reason, in the pin list the managers of both stores read.
 */
import type { FastifyInstance } from 'fastify'
import type { PinReason, StorePin } from '../../src/shared/protocol'
import type { CustomerDoc } from '../../src/shared/types'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { newId } from '../core/ids'
import { AppError } from '../../src/shared/errors'
import { PIN_REASONS } from '../../src/shared/protocol'
import { isOnlineLookup, parseSearchQuery } from '../../src/shared/search'
import { recordAudit } from '../audit/log'
import { createRateLimiter } from '../auth/rate-limit'
import { managedStores } from '../auth/reach'
import { withWriter } from '../storage/writer'
import { searchCustomers } from '../storage/search'
import { requireAssociate, requireManager } from './context'

/** How long a search hit may be pinned. */
const HIT_MINUTES = 30

export function registerCustomerRoutes(app: FastifyInstance, ctx: Context): void {
  const searches = createRateLimiter({ max: ctx.config.searchRateLimit, windowMs: 5 * 60_000, what: 'online searches' })
  const pins = createRateLimiter({ max: ctx.config.pinRateLimit, windowMs: 60 * 60_000, what: 'pins' })

  // POST, not GET: what is typed is often an e-mail or a phone number, and a URL ends up in
  // access logs and proxies; a body does not.
  app.post<RouteOf<'POST /api/customers/search'>>('/api/customers/search', async (request) => {
    const { device, associate } = await requireAssociate(ctx, request)
    const raw = (request.body as { q?: unknown } | null)?.q
    const q = typeof raw === 'string' ? raw.slice(0, 200) : ''
    if (!isOnlineLookup(parseSearchQuery(q)))
      throw new AppError('search-too-broad', 'To search every store, type a first and a last name, or a whole e-mail address, phone number or loyalty card.')
    searches.hit(`device:${device.id}`)
    searches.hit(`associate:${associate.associateId}`)
    const customers = await searchCustomers(ctx.db, device.storeId, q)
    const found = customers.map(c => c.id)
    if (found.length) {
      await ctx.db.query(`
        INSERT INTO search_hits (associate_id, device_id, customer_id, expires_at)
        SELECT $1, $2, id, now() + make_interval(mins => $4) FROM jsonb_array_elements_text($3::jsonb) id
        ON CONFLICT (associate_id, device_id, customer_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
      [associate.associateId, device.id, JSON.stringify(found), HIT_MINUTES])
    }
    await ctx.db.query('DELETE FROM search_hits WHERE associate_id = $1 AND expires_at < now()', [associate.associateId])
    return { customers }
  })

  // Pinning puts a customer from anywhere into this store's book: they replicate to the
  // store's tablets from then on, with all their documents, and stay available offline.
  app.post<RouteOf<'POST /api/customers/:id/pin'>>('/api/customers/:id/pin', async (request) => {
    const { device, associate } = await requireAssociate(ctx, request)
    const { id } = request.params as { id: string }
    const reason = (request.body as { reason?: unknown } | null)?.reason
    pins.hit(`device:${device.id}`)
    pins.hit(`associate:${associate.associateId}`)
    const joined = await withWriter(ctx.db, async (w) => {
      const { rows } = await w.query('SELECT 1 FROM search_hits WHERE associate_id = $1 AND device_id = $2 AND customer_id = $3 AND expires_at > now()', [associate.associateId, device.id, id])
      const customer = (await w.load('customers', [id])).get(id) as (CustomerDoc & { _deleted?: boolean }) | undefined
      // One answer for "no such customer" and "not one you found": the reply says nothing about which ids exist.
      if (!rows.length || !customer || customer._deleted)
        throw new AppError('not-found', 'There is no such customer among your recent search results: search for them first.')
      const fromHome = customer.homeStoreId === device.storeId
      if (!fromHome && !isPinReason(reason))
        throw new AppError('reason-required', `Say why this customer of another store is pinned here: one of ${PIN_REASONS.join(', ')}.`, { reasons: [...PIN_REASONS] })
      const why: PinReason | 'home-store' = fromHome ? 'home-store' : reason as PinReason
      const added = await w.joinBook(device.storeId, [id], 'pin')
      if (added) {
        await w.query(`INSERT INTO store_pins (id, customer_id, from_store_id, to_store_id, associate_id, device_id, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [newId(), id, customer.homeStoreId, device.storeId, associate.associateId, device.id, why])
      }
      await recordAudit(w, { deviceId: device.id, associateId: associate.associateId, customerId: id, action: 'pin', detail: `to ${device.storeId} from ${customer.homeStoreId ?? 'no store'}: ${why}` })
      return added
    })
    return { customerId: id, storeId: device.storeId, pinned: true, alreadyInBook: joined === 0 }
  })

  // Pins into or out of the stores a manager answers for, for the last 90 days: the managers
  // of both stores see who took whose customer, and why.
  app.get<RouteOf<'GET /api/pins'>>('/api/pins', async (request) => {
    const { manager } = await requireManager(ctx, request)
    const stores = JSON.stringify([...await managedStores(ctx.db, manager)])
    const { rows } = await ctx.db.query<{ id: string, at: Date, customer_id: string, first_name: string | null, last_name: string | null, from_store_id: string | null, to_store_id: string, associate_id: string, associate_name: string | null, reason: StorePin['reason'] }>(`
      SELECT p.id, p.at, p.customer_id, c.data->>'firstName' AS first_name, c.data->>'lastName' AS last_name,
        p.from_store_id, p.to_store_id, p.associate_id, a.data->>'displayName' AS associate_name, p.reason
      FROM store_pins p
      LEFT JOIN docs c ON c.collection = 'customers' AND c.id = p.customer_id
      LEFT JOIN docs a ON a.collection = 'associates' AND a.id = p.associate_id
      WHERE p.at > now() - interval '90 days' AND p.reason <> 'home-store'
        AND (p.to_store_id IN (SELECT jsonb_array_elements_text($1::jsonb)) OR p.from_store_id IN (SELECT jsonb_array_elements_text($1::jsonb)))
      ORDER BY p.at DESC LIMIT 500`, [stores])
    const pinsOut: StorePin[] = rows.map(r => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      customerId: r.customer_id,
      customerName: [r.first_name, r.last_name].filter(Boolean).join(' '),
      fromStoreId: r.from_store_id,
      toStoreId: r.to_store_id,
      associateId: r.associate_id,
      associateName: r.associate_name,
      reason: r.reason,
    }))
    return { pins: pinsOut }
  })
}

function isPinReason(value: unknown): value is PinReason {
  return typeof value === 'string' && (PIN_REASONS as readonly string[]).includes(value)
}
