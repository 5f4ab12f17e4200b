/**
 * The versioned API for the retailer's other systems (`/api/v1/`): an API key per integration
 * (sync-server/integrations/api-keys.ts) with the scope of what it asks, every call audited
 * against that key. The tablets' replication endpoints stay where they are.
 */
import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import type { NoteSource } from '../../src/shared/types'
import { recordAudit } from '../audit/log'
import { createRateLimiter } from '../auth/rate-limit'
import { type ApiScope, requireApiKey } from '../integrations/api-keys'
import { EVENTS_ROUTE_SCHEMA, LOOKUP_ROUTE_SCHEMA, NOTE_ROUTE_SCHEMA, PROFILE_ROUTE_SCHEMA } from '../integrations/api-schemas'
import { applyKeyEvent, applyKeyEvents } from '../integrations/events'
import { addTouchpointNote } from '../integrations/notes'
import { findCustomers, readProfile } from '../integrations/profile'

export function registerV1Routes(app: FastifyInstance, ctx: Context): void {
  // Per key, whatever the address: a leaked or runaway integration copies or writes only so fast.
  const perKey = createRateLimiter({ max: ctx.config.apiRateLimit, windowMs: 60_000, what: 'calls with this API key' })
  const requireKey = async (authorization: string | undefined, scope: ApiScope) => {
    const key = await requireApiKey(ctx.db, authorization, scope)
    perKey.hit(key.id)
    return key
  }

  app.post<RouteOf<'POST /api/v1/events'>>('/api/v1/events', { schema: EVENTS_ROUTE_SCHEMA }, async (request, reply) => {
    const key = await requireKey(request.headers.authorization, 'events:write')
    if (Array.isArray(request.body))
      return reply.status(200).send({ results: await applyKeyEvents(ctx.db, key.id, request.body) })
    return reply.status(202).send(await applyKeyEvent(ctx.db, key.id, request.body))
  })

  app.get<RouteOf<'GET /api/v1/customers/:id/profile'>>('/api/v1/customers/:id/profile', { schema: PROFILE_ROUTE_SCHEMA }, async (request) => {
    const key = await requireKey(request.headers.authorization, 'profiles:read')
    const { id } = request.params as { id: string }
    const profile = await readProfile(ctx.db, id)
    await recordAudit(ctx.db, { deviceId: null, associateId: null, apiKeyId: key.id, customerId: profile.customer.id, action: 'view', detail: 'api' })
    return profile
  })

  app.post<RouteOf<'POST /api/v1/customers/:id/notes'>>('/api/v1/customers/:id/notes', { schema: NOTE_ROUTE_SCHEMA, bodyLimit: 16 * 1024 }, async (request, reply) => {
    const key = await requireKey(request.headers.authorization, 'notes:write')
    const { id } = request.params as { id: string }
    const body = request.body as { text: string, source?: NoteSource }
    return reply.status(201).send({ note: await addTouchpointNote(ctx.db, id, { text: body.text, source: body.source ?? 'contact-centre' }, { apiKeyId: key.id }) })
  })

  app.get<RouteOf<'GET /api/v1/customers'>>('/api/v1/customers', { schema: LOOKUP_ROUTE_SCHEMA }, async (request) => {
    const key = await requireKey(request.headers.authorization, 'profiles:read')
    const q = request.query as { phone?: unknown, email?: unknown }
    const customers = await findCustomers(ctx.db, { phone: typeof q.phone === 'string' ? q.phone : undefined, email: typeof q.email === 'string' ? q.email : undefined })
    // Each customer a lookup shows is a profile seen by that key.
    await recordAudit(ctx.db, ...customers.map(c => ({ deviceId: null, associateId: null, apiKeyId: key.id, customerId: c.id, action: 'view' as const, detail: 'api-lookup' })))
    return { customers }
  })
}
