/**
 * The contact centre (the app's /office section, signed in as an agent: a head-office account
 * with role contact_centre): find a caller by phone or e-mail across every store, read their
 * profile from the server — no store's tablet is needed — and add a note the stores' tablets
 * show. Each look and each note is in the customer's access log under the agent's name.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { recordAudit } from '../audit/log'
import { createRateLimiter } from '../auth/rate-limit'
import { addTouchpointNote } from '../integrations/notes'
import { findContactMatches, readContactProfile } from '../integrations/profile'
import { OFFICE_SESSION_HEADER, requireOfficeAccount } from '../office/accounts'
import { AppError } from '../../src/shared/errors'

const ID = /^[\w-]{1,64}$/

export function registerContactCentreRoutes(app: FastifyInstance, ctx: Context): void {
  // An agent looks callers up as an associate searches other stores: as many, per agent.
  const lookups = createRateLimiter({ max: ctx.config.searchRateLimit, windowMs: 5 * 60_000, what: 'caller searches from this account' })
  const agent = (request: FastifyRequest) => {
    const header = request.headers[OFFICE_SESSION_HEADER]
    return requireOfficeAccount(ctx.db, typeof header === 'string' ? header : undefined, 'contact_centre')
  }
  const customerId = (request: FastifyRequest) => {
    const { id } = request.params as { id: string }
    if (!ID.test(id))
      throw new AppError('invalid-request', 'A customer id is up to 64 letters, digits, dashes or underscores.')
    return id
  }

  app.get<RouteOf<'GET /api/office/customers'>>('/api/office/customers', async (request) => {
    const account = await agent(request)
    lookups.hit(account.id)
    const q = request.query as { phone?: unknown, email?: unknown }
    const text = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined)
    const customers = await findContactMatches(ctx.db, { phone: text(q.phone), email: text(q.email) })
    await recordAudit(ctx.db, ...customers.map(c => ({ deviceId: null, associateId: null, officeAccountId: account.id, customerId: c.id, action: 'view' as const, detail: 'contact-centre-lookup' })))
    return { customers }
  })

  app.get<RouteOf<'GET /api/office/customers/:id/profile'>>('/api/office/customers/:id/profile', async (request) => {
    const account = await agent(request)
    const profile = await readContactProfile(ctx.db, customerId(request))
    await recordAudit(ctx.db, { deviceId: null, associateId: null, officeAccountId: account.id, customerId: profile.customer.id, action: 'view', detail: 'contact-centre' })
    return profile
  })

  app.post<RouteOf<'POST /api/office/customers/:id/notes'>>('/api/office/customers/:id/notes', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const account = await agent(request)
    const text = (request.body as { text?: unknown } | null)?.text
    if (typeof text !== 'string')
      throw new AppError('invalid-request', 'Send { text }.')
    const note = await addTouchpointNote(ctx.db, customerId(request), { text, source: 'contact-centre' }, { officeAccountId: account.id })
    return reply.status(201).send({ note })
  })
}
