import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import { AppError } from '../../src/shared/errors'
import { withWriter } from '../storage/writer'
import { searchCustomers } from '../storage/search'
import { readAudit, recordAudit } from '../audit/log'
import { eraseCustomer } from '../commerce/erase'
import { associateHeader, requireDevice, requireManager } from './context'

export function registerCustomerRoutes(app: FastifyInstance, ctx: Context): void {
  // POST, not GET: what is typed is often an e-mail or a phone number, and a URL ends up in
  // access logs and proxies; a body does not.
  app.post('/api/customers/search', async (request) => {
    const device = await requireDevice(ctx, request)
    const raw = (request.body as { q?: unknown } | null)?.q
    const q = typeof raw === 'string' ? raw : ''
    if (q.trim().length < 2)
      throw new AppError('invalid-request', 'Type at least two characters to search.')
    return { customers: await searchCustomers(ctx.db, device.storeId, q) }
  })

  // Pinning puts a customer from anywhere into this store's book: they replicate to the
  // store's tablets from then on, with all their documents, and stay available offline.
  app.post('/api/customers/:id/pin', async (request) => {
    const device = await requireDevice(ctx, request)
    const { id } = request.params as { id: string }
    const joined = await withWriter(ctx.db, async (w) => {
      const customer = (await w.load('customers', [id])).get(id)
      if (!customer || customer._deleted)
        throw new AppError('not-found', 'There is no such customer.')
      await recordAudit(w, { deviceId: device.id, associateId: associateHeader(request), customerId: id, action: 'pin' })
      return w.joinBook(device.storeId, [id], 'pin')
    })
    return { customerId: id, storeId: device.storeId, pinned: true, alreadyInBook: joined === 0 }
  })

  // A customer's request to be forgotten, taken in store by the manager: the same erasure as
  // the platform's customer.erased, for a customer of this store's book.
  app.post('/api/customers/:id/erase', async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    await withWriter(ctx.db, async (w) => {
      const { rows } = await w.query('SELECT 1 FROM book WHERE store_id = $1 AND customer_id = $2', [device.storeId, id])
      const customer = (await w.load('customers', [id])).get(id)
      if (!rows.length || !customer || customer._deleted)
        throw new AppError('not-found', 'There is no such customer in this store\'s book.')
      await eraseCustomer(w, id, new Date().toISOString())
      await recordAudit(w, { deviceId: device.id, associateId: manager.associateId, customerId: id, action: 'erase' })
    })
    return { customerId: id, erased: true }
  })

  // Who looked at or changed this customer: a manager reads it for their store's customer.
  app.get('/api/customers/:id/audit', async (request) => {
    const { device } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    const { rows } = await ctx.db.query('SELECT 1 FROM book WHERE store_id = $1 AND customer_id = $2', [device.storeId, id])
    if (!rows.length)
      throw new AppError('not-found', 'There is no such customer in this store\'s book.')
    return { customerId: id, entries: await readAudit(ctx.db, id) }
  })

  // Profile views happen on the tablet, offline too; it sends them in batches when it can.
  app.post('/api/audit/views', async (request) => {
    const device = await requireDevice(ctx, request)
    const views = (request.body as { views?: unknown } | null)?.views
    if (!Array.isArray(views) || views.length > 500 || !views.every(isView))
      throw new AppError('invalid-request', 'Send {"views": [{"id", "customerId", "associateId", "at"}]} with at most 500 views.')
    const { rows } = await ctx.db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'associates' AND store_id = $1`, [device.storeId])
    const ours = new Set(rows.map(r => r.id))
    // A tablet can only have viewed customers of its store's book; anything else is noise, not a view.
    const { rows: book } = await ctx.db.query<{ id: string }>(`SELECT customer_id AS id FROM book WHERE store_id = $1 AND customer_id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [device.storeId, JSON.stringify(views.map(v => v.customerId))])
    const inBook = new Set(book.map(r => r.id))
    const entries = views.filter(v => inBook.has(v.customerId)).map(v => ({ id: `view:${device.id}:${v.id}`, at: v.at, deviceId: device.id, associateId: ours.has(v.associateId) ? v.associateId : null, customerId: v.customerId, action: 'view' as const }))
    await recordAudit(ctx.db, ...entries)
    return { recorded: entries.length }
  })
}

interface View { id: string, customerId: string, associateId: string, at: string }

function isView(v: unknown): v is View {
  const o = v as Record<string, unknown> | null
  const idLike = (x: unknown) => typeof x === 'string' && /^[\w-]{1,64}$/.test(x)
  return !!o && idLike(o.id) && idLike(o.customerId) && idLike(o.associateId) && typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at)) && o.at.length <= 40
}
