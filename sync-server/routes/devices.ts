import type { FastifyInstance } from 'fastify'
import type { EnrollResponse } from '../../src/shared/protocol'
import type { Context } from './context'
import { AppError } from '../../src/shared/errors'
import { enrollDevice } from '../auth/devices'
import { createRateLimiter } from '../auth/rate-limit'

export function registerDeviceRoutes(app: FastifyInstance, ctx: Context): void {
  // Codes are short enough for a person to type: bound how fast anyone can guess them.
  const attempts = createRateLimiter({ max: ctx.config.enrollRateLimit, windowMs: 60_000 })
  app.post('/api/devices/enroll', async (request, reply) => {
    attempts.hit(request.ip)
    const body = request.body as { code?: unknown, name?: unknown } | null
    if (typeof body?.code !== 'string' || !body.code.trim())
      throw new AppError('invalid-request', 'Send {"code": "<enrollment code>", "name": "<a name for this tablet>"}.')
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 100) : 'Tablet'
    const { device, token } = await enrollDevice(ctx.db, body.code, name)
    const response: EnrollResponse = { deviceId: device.id, token, storeId: device.storeId }
    return reply.status(201).send(response)
  })
}
