import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import { AppError } from '../../src/shared/errors'
import { withWriter } from '../storage/writer'
import { searchCustomers } from '../storage/search'
import { requireDevice } from './context'

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
      return w.joinBook(device.storeId, [id], 'pin')
    })
    return { customerId: id, storeId: device.storeId, pinned: true, alreadyInBook: joined === 0 }
  })
}
