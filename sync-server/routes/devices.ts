import type { FastifyInstance } from 'fastify'
import type { EnrollResponse } from '../../src/shared/protocol'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { AppError } from '../../src/shared/errors'
import { keyResponse, storeBookKey } from '../auth/book-keys'
import { recordStoreChange } from '../audit/store-log'
import { cancelEnrollCode, enrollDevice, issueEnrollCode, listDevices, listEnrollCodes, revokeDevice } from '../auth/devices'
import { createRateLimiter } from '../auth/rate-limit'
import { requireManager } from './context'

export function registerDeviceRoutes(app: FastifyInstance, ctx: Context): void {
  // Codes are short enough for a person to type: bound how fast anyone can guess them.
  const attempts = createRateLimiter({ max: ctx.config.enrollRateLimit, windowMs: 60_000 })
  // Anyone may call it, so it reads no more than a code and a name need: not the push batches' 8 MB.
  app.post<RouteOf<'POST /api/devices/enroll'>>('/api/devices/enroll', { bodyLimit: 4096 }, async (request, reply) => {
    attempts.hit(request.ip)
    const body = request.body as { code?: unknown, name?: unknown } | null
    if (typeof body?.code !== 'string' || !body.code.trim())
      throw new AppError('invalid-request', 'Send {"code": "<enrollment code>", "name": "<a name for this tablet>"}.')
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 100) : 'Tablet'
    const { device, token } = await enrollDevice(ctx.db, body.code, name)
    // The key comes once, for the first download; after that an associate's PIN opens it.
    const response: EnrollResponse = { deviceId: device.id, token, storeId: device.storeId, bookKey: keyResponse(await storeBookKey(ctx.db, device.storeId)) }
    return reply.status(201).send(response)
  })

  // A store manager's view of the store's tablets, and the revocation of a lost or stolen one.
  app.get<RouteOf<'GET /api/devices'>>('/api/devices', async (request) => {
    const { device } = await requireManager(ctx, request)
    return { devices: (await listDevices(ctx.db, device.storeId)).map(d => ({ ...d, current: d.id === device.id })) }
  })

  app.post<RouteOf<'POST /api/devices/:id/revoke'>>('/api/devices/:id/revoke', async (request) => {
    const { device } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    if (id === device.id)
      throw new AppError('invalid-request', 'A tablet cannot revoke itself: revoke it from another tablet of the store, or with the server\'s CLI.')
    const revoked = await revokeDevice(ctx.db, id, device.storeId)
    ctx.streams.closeDevice(id)
    return revoked
  })

  // A manager enrolls a new tablet from the manager area: the code is shown once (text and QR).
  app.post<RouteOf<'POST /api/devices/codes'>>('/api/devices/codes', async (request, reply) => {
    const { device, manager } = await requireManager(ctx, request)
    const issued = await issueEnrollCode(ctx.db, device.storeId, { createdBy: manager.associateId })
    await recordStoreChange(ctx.db, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: 'enroll-code', subject: issued.id })
    return reply.status(201).send(issued)
  })

  app.get<RouteOf<'GET /api/devices/codes'>>('/api/devices/codes', async (request) => {
    const { device } = await requireManager(ctx, request)
    return { codes: await listEnrollCodes(ctx.db, device.storeId) }
  })

  app.post<RouteOf<'POST /api/devices/codes/:id/cancel'>>('/api/devices/codes/:id/cancel', async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    await cancelEnrollCode(ctx.db, id, device.storeId)
    await recordStoreChange(ctx.db, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: 'enroll-code-cancel', subject: id })
    return { id }
  })
}
