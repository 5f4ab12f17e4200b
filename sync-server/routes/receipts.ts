/**
 * Resending a receipt: the associate corrected the address (or the first attempt failed).
 * The order's receipt goes back to `queued` with the new address and one new outbox row
 * is written in the same transaction; its new receipt id gives the message a new
 * Message-ID, since it is a new message, not a copy. Sending a customer's receipt somewhere
 * else is a privacy act: it takes a server-checked associate, is rate-limited per tablet and
 * per associate, and the audit log keeps both addresses (erasure clears them).
 */
import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { OrderDoc } from '../../src/shared/types'
import type { AnyDoc } from '../storage/writer'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { AppError } from '../../src/shared/errors'
import { insertReceipts } from '../mail/queue'
import { withWriter } from '../storage/writer'
import { recordAudit } from '../audit/log'
import { createRateLimiter } from '../auth/rate-limit'
import { isEmailAddress } from '../../src/shared/email'
import { requireAssociate } from './context'
import { maskEmail } from '../../src/shared/mask'

export function registerReceiptRoutes(app: FastifyInstance, ctx: Context): void {
  const resends = createRateLimiter({ max: ctx.config.resendRateLimit, windowMs: 60 * 60_000, what: 'receipt resends' })

  app.post<RouteOf<'POST /api/orders/:id/receipt'>>('/api/orders/:id/receipt', async (request) => {
    const { device, associate } = await requireAssociate(ctx, request)
    const { id } = request.params as { id: string }
    const email = typeof (request.body as { email?: unknown } | null)?.email === 'string' ? ((request.body as { email: string }).email).trim() : ''
    if (!isEmailAddress(email))
      throw new AppError('invalid-request', 'Give the one e-mail address to send the receipt to, as {"email": "name@example.com"}.')
    resends.hit(`device:${device.id}`)
    resends.hit(`associate:${associate.associateId}`)
    return withWriter(ctx.db, async (w) => {
      const order = (await w.load('orders', [id])).get(id) as unknown as OrderDoc | undefined
      // Another store's order gets the same answer as none at all.
      if (!order || order.channel !== 'store' || order.storeId !== device.storeId)
        throw new AppError('not-found', 'There is no such sale in this store.')
      // Never a number that was used before (old rows are pruned): the Message-ID must be new.
      const receiptId = `${id}~${Date.now().toString(36)}${randomBytes(2).toString('hex')}`
      const receipt = { ...order.receipt, email, status: 'queued' as const, reason: null, sentAt: null }
      await w.write('orders', [{ ...order, receipt, updatedAt: new Date().toISOString() } as unknown as AnyDoc])
      await insertReceipts(w, [{ id: receiptId, orderId: id, email }])
      if (order.customerId)
        await recordAudit(w, { deviceId: device.id, associateId: associate.associateId, customerId: order.customerId, action: 'receipt', detail: `orders:${id} to ${maskEmail(email)} (was ${maskEmail(order.receipt.email) || 'none'})` })
      return { orderId: id, receiptId, status: 'queued' }
    })
  })
}
