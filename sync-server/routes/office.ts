/**
 * Head office's section of the app (/office): sign-in with a login and a password, then the
 * admin's stores, first managers and area managers' grants. No tablet token: these routes
 * are reached from any browser and stand on the head-office session alone.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { createRateLimiter } from '../auth/rate-limit'
import { readNewStaff } from '../auth/staff'
import { endOfficeSession, OFFICE_SESSION_HEADER, requireOfficeAccount, startOfficeSession } from '../office/accounts'
import { addManager, createStore, listOfficeManagers, listOfficeStores, officeEnrollCode, readNewStore, setGrants } from '../office/stores'
import { AppError } from '../../src/shared/errors'

const tokenOf = (request: FastifyRequest) => {
  const header = request.headers[OFFICE_SESSION_HEADER]
  return typeof header === 'string' ? header : undefined
}

export function registerOfficeRoutes(app: FastifyInstance, ctx: Context): void {
  // Guessing a password: per address, and per login whatever the address.
  const byAddress = createRateLimiter({ max: 10, windowMs: 60_000 })
  const byLogin = createRateLimiter({ max: 10, windowMs: 15 * 60_000, what: 'sign-in attempts for this login' })
  const admin = (request: FastifyRequest) => requireOfficeAccount(ctx.db, tokenOf(request), 'admin')

  app.post<RouteOf<'POST /api/office/sessions'>>('/api/office/sessions', { bodyLimit: 1024 }, async (request, reply) => {
    const { login, password } = (request.body ?? {}) as { login?: unknown, password?: unknown }
    if (typeof login !== 'string' || typeof password !== 'string' || !login || !password)
      throw new AppError('invalid-request', 'Send { login, password }.')
    byAddress.hit(request.ip)
    byLogin.hit(login.trim().toLowerCase())
    return reply.status(201).send(await startOfficeSession(ctx.db, login, password, ctx.config.pinIterations))
  })

  app.delete<RouteOf<'DELETE /api/office/sessions/current'>>('/api/office/sessions/current', async (request, reply) => {
    const token = tokenOf(request)
    if (token)
      await endOfficeSession(ctx.db, token)
    return reply.status(204).send()
  })

  app.get<RouteOf<'GET /api/office/stores'>>('/api/office/stores', async (request) => {
    await admin(request)
    return { stores: await listOfficeStores(ctx.db) }
  })

  app.post<RouteOf<'POST /api/office/stores'>>('/api/office/stores', { bodyLimit: 8 * 1024 }, async (request, reply) => {
    const account = await admin(request)
    const store = await createStore(ctx.db, readNewStore(request.body), account)
    return reply.status(201).send({ store: { id: store.id, name: store.name } })
  })

  app.post<RouteOf<'POST /api/office/stores/:id/managers'>>('/api/office/stores/:id/managers', { bodyLimit: 4096 }, async (request, reply) => {
    const account = await admin(request)
    const { id } = request.params as { id: string }
    const input = readNewStaff({ specialties: [], ...(request.body as object | null), role: 'manager' })
    const added = await addManager(ctx.db, id, input, account, ctx.config.pinIterations)
    return reply.status(201).send({ manager: { id: added.id, displayName: added.displayName, staffCode: added.staffCode, role: added.role, active: added.active } })
  })

  app.post<RouteOf<'POST /api/office/stores/:id/codes'>>('/api/office/stores/:id/codes', async (request, reply) => {
    const account = await admin(request)
    const { id } = request.params as { id: string }
    return reply.status(201).send(await officeEnrollCode(ctx.db, id, account))
  })

  app.get<RouteOf<'GET /api/office/managers'>>('/api/office/managers', async (request) => {
    await admin(request)
    return { managers: await listOfficeManagers(ctx.db) }
  })

  app.put<RouteOf<'PUT /api/office/managers/:id/stores'>>('/api/office/managers/:id/stores', { bodyLimit: 8 * 1024 }, async (request) => {
    const account = await admin(request)
    const stores = (request.body as { stores?: unknown } | null)?.stores
    if (!Array.isArray(stores) || stores.length > 500 || !stores.every(s => typeof s === 'string'))
      throw new AppError('invalid-request', 'Send { stores: ["store-id", …] }.')
    const { id } = request.params as { id: string }
    return { stores: await setGrants(ctx.db, id, stores as string[], account) }
  })
}
