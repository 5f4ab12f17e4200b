import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { AppError } from '../../src/shared/errors'
import { bookKeyForAssociate } from '../auth/book-keys'
import { createRateLimiter } from '../auth/rate-limit'
import { endSession, requireSession, SESSION_HEADER, startSession } from '../auth/sessions'
import { requireDevice } from './context'

export function registerSessionRoutes(app: FastifyInstance, ctx: Context): void {
  // A PIN has few digits: bound the guesses one tablet can make through the server.
  const attempts = createRateLimiter({ max: ctx.config.signInRateLimit, windowMs: 5 * 60_000 })

  app.post<RouteOf<'POST /api/sessions'>>('/api/sessions', async (request, reply) => {
    const device = await requireDevice(ctx, request)
    attempts.hit(device.id)
    const body = pinBody(request.body)
    const { token, expiresAt, session } = await startSession(ctx.db, device, body.associateId, body.pin)
    return reply.status(201).send({ token, expiresAt, ...session })
  })

  // An associate signing in online on a tablet that can't open the book with their wrap
  // (none yet, or a new key): the key, and a wrap for the next offline sign-in.
  app.post<RouteOf<'POST /api/book-key'>>('/api/book-key', async (request) => {
    const device = await requireDevice(ctx, request)
    attempts.hit(device.id)
    const body = pinBody(request.body)
    return bookKeyForAssociate(ctx.db, device.storeId, body.associateId, body.pin)
  })

  app.get<RouteOf<'GET /api/sessions/current'>>('/api/sessions/current', async (request) => {
    const device = await requireDevice(ctx, request)
    return requireSession(ctx.db, device, header(request.headers[SESSION_HEADER]))
  })

  app.delete<RouteOf<'DELETE /api/sessions/current'>>('/api/sessions/current', async (request, reply) => {
    const device = await requireDevice(ctx, request)
    const token = header(request.headers[SESSION_HEADER])
    if (token)
      await endSession(ctx.db, device, token)
    return reply.status(204).send()
  })
}

function pinBody(raw: unknown): { associateId: string, pin: string } {
  const body = raw as { associateId?: unknown, pin?: unknown } | null
  if (typeof body?.associateId !== 'string' || typeof body.pin !== 'string' || !/^\d{4,8}$/.test(body.pin))
    throw new AppError('invalid-request', 'Send {"associateId": "...", "pin": "<4 to 8 digits>"}.')
  return { associateId: body.associateId, pin: body.pin }
}

const header = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined)
