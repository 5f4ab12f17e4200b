import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { applyEvents, applySingleEvent } from '../commerce/batch'
import { verifySignature } from '../outbound/signature'

export function registerCommerceRoutes(app: FastifyInstance, ctx: Context): void {
  app.post<RouteOf<'POST /api/commerce/events'>>('/api/commerce/events', async (request, reply) => {
    const header = request.headers['x-signature']
    verifySignature(ctx.config.commerceSecret, request.rawBody ?? '', Array.isArray(header) ? header[0] : header)
    // A batch: one result per event, in the batch's order.
    if (Array.isArray(request.body))
      return reply.status(200).send({ results: await applyEvents(ctx.db, request.body) })
    return reply.status(202).send(await applySingleEvent(ctx.db, request.body))
  })
}
