import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import { applyEvents } from '../commerce/batch'
import { applyEvent, parseEvent } from '../commerce/events'
import { verifySignature } from '../commerce/signature'

export function registerCommerceRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/api/commerce/events', async (request, reply) => {
    const header = request.headers['x-signature']
    verifySignature(ctx.config.commerceSecret, request.rawBody ?? '', Array.isArray(header) ? header[0] : header)
    // A batch: one result per event, in the batch's order.
    if (Array.isArray(request.body))
      return reply.status(200).send({ results: await applyEvents(ctx.db, request.body) })
    const event = parseEvent(request.body)
    const outcome = await applyEvent(ctx.db, event)
    return reply.status(202).send({ id: event.id, outcome })
  })
}
