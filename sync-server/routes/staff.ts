/** The manager's staff screen: add, deactivate, reactivate, set a new PIN (manager's session; their store only). */
import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import type { AssociateDoc } from '../../src/shared/types'
import { recordStoreChange } from '../audit/store-log'
import { createRateLimiter } from '../auth/rate-limit'
import { addStaff, readNewStaff, resetPin, setActive } from '../auth/staff'
import { requireManager } from './context'

/** What the screen needs of a member of staff: never the PIN hash or the book-key wrap. */
const shown = (a: AssociateDoc) => ({ id: a.id, displayName: a.displayName, staffCode: a.staffCode, role: a.role, active: a.active })

export function registerStaffRoutes(app: FastifyInstance, ctx: Context): void {
  // Each of these runs PBKDF2 on the server: a bound on how fast one tablet can ask.
  const pins = createRateLimiter({ max: 20, windowMs: 60_000, what: 'PIN changes from this tablet' })

  app.post<RouteOf<'POST /api/staff'>>('/api/staff', { bodyLimit: 4096 }, async (request, reply) => {
    const { device, manager } = await requireManager(ctx, request)
    const input = readNewStaff(request.body)
    pins.hit(device.id)
    const added = await addStaff(ctx.db, device.storeId, input, ctx.config.pinIterations)
    await recordStoreChange(ctx.db, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: 'staff-add', subject: added.id, detail: added.role })
    return reply.status(201).send({ associate: shown(added) })
  })

  for (const [path, active] of [['deactivate', false], ['reactivate', true]] as const) {
    app.post<RouteOf<'POST /api/staff/:id/deactivate'>>(`/api/staff/:id/${path}`, async (request) => {
      const { device, manager } = await requireManager(ctx, request)
      const { id } = request.params as { id: string }
      const done = await setActive(ctx.db, device.storeId, id, active, manager.associateId)
      await recordStoreChange(ctx.db, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: active ? 'staff-reactivate' : 'staff-deactivate', subject: id })
      return { associate: shown(done) }
    })
  }

  app.post<RouteOf<'POST /api/staff/:id/pin'>>('/api/staff/:id/pin', { bodyLimit: 1024 }, async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    pins.hit(device.id)
    const done = await resetPin(ctx.db, device.storeId, id, String((request.body as { pin?: unknown } | null)?.pin ?? ''), ctx.config.pinIterations)
    await recordStoreChange(ctx.db, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: 'pin-reset', subject: id })
    return { associate: shown(done) }
  })
}
