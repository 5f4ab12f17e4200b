import type { FastifyInstance } from 'fastify'
import type { EnrollResponse } from '../../src/shared/protocol'
import type { Context } from './context'
import { AppError } from '../../src/shared/errors'
import { enrollDevice } from '../auth/devices'

export function registerDeviceRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/api/devices/enroll', async (request, reply) => {
    const body = request.body as { code?: unknown, name?: unknown } | null
    if (typeof body?.code !== 'string' || !body.code.trim())
      throw new AppError('invalid-request', 'Send {"code": "<enrollment code>", "name": "<a name for this tablet>"}.')
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 100) : 'Tablet'
    const { device, token } = await enrollDevice(ctx.db, body.code, name)
    const response: EnrollResponse = { deviceId: device.id, token, storeId: device.storeId }
    return reply.status(201).send(response)
  })
}
