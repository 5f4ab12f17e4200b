/**
 * Resending a receipt: the associate corrected the address (or the first attempt failed).
 * The order's receipt goes back to `queued` with the new address and one new outbox row
 * is written in the same transaction; its new receipt id gives the message a new
 * Message-ID, since it is a new message, not a copy.
 */
import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { OrderDoc } from '../../src/shared/types'
import type { AnyDoc } from '../storage/writer'
import type { Context } from './context'
import { AppError } from '../../src/shared/errors'
import { insertReceipts } from '../mail/queue'
import { withWriter } from '../storage/writer'
import { recordAudit } from '../audit/log'
import { associateHeader, requireDevice } from './context'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

export function registerReceiptRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/api/orders/:id/receipt', async (request) => {
    const device = await requireDevice(ctx, request)
    const { id } = request.params as { id: string }
    const email = typeof (request.body as { email?: unknown } | null)?.email === 'string' ? ((request.body as { email: string }).email).trim() : ''
    if (email.length > 200 || !EMAIL.test(email))
      throw new AppError('invalid-request', 'Give the e-mail address to send the receipt to, as {"email": "name@example.com"}.')
    return withWriter(ctx.db, async (w) => {
      const order = (await w.load('orders', [id])).get(id) as unknown as OrderDoc | undefined
      if (!order || order.channel !== 'store')
        throw new AppError('not-found', 'There is no such store order.')
      if (order.storeId !== device.storeId)
        throw new AppError('forbidden-store', 'This order belongs to another store.')
      // Never a number that was used before (old rows are pruned): the Message-ID must be new.
      const receiptId = `${id}~${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
      const receipt = { ...order.receipt, email, status: 'queued' as const, reason: null, sentAt: null }
      await w.write('orders', [{ ...order, receipt, updatedAt: new Date().toISOString() } as unknown as AnyDoc])
      await insertReceipts(w, [{ id: receiptId, orderId: id, email }])
      if (order.customerId)
        await recordAudit(w, { deviceId: device.id, associateId: associateHeader(request), customerId: order.customerId, action: 'receipt', detail: `orders:${id}` })
      return { orderId: id, receiptId, status: 'queued' }
    })
  })
}
