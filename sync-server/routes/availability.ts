/** The manager's settings screen saves here (the store's settings and opening hours, an associate's week and specialties) and reads the store's log of changes. */
import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { readAvailability, readHours, saveAssociateAvailability, saveStoreHours } from '../appointments/availability'
import { readStoreLogNamed, recordStoreChange } from '../audit/store-log'
import { withWriter } from '../storage/writer'
import { readSettings, saveStoreSettings } from '../store/settings'
import { requireManager } from './context'

export function registerAvailabilityRoutes(app: FastifyInstance, ctx: Context): void {
  app.put<RouteOf<'PUT /api/store/hours'>>('/api/store/hours', { bodyLimit: 128 * 1024 }, async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const hours = readHours(request.body)
    return { hours: await withWriter(ctx.db, async (w) => {
      const saved = await saveStoreHours(w, device.storeId, hours)
      await recordStoreChange(w, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: 'hours' })
      return saved
    }) }
  })

  app.get<RouteOf<'GET /api/store/log'>>('/api/store/log', async (request) => {
    const { device } = await requireManager(ctx, request)
    return { entries: await readStoreLogNamed(ctx.db, device.storeId) }
  })

  app.put<RouteOf<'PUT /api/store/settings'>>('/api/store/settings', { bodyLimit: 8 * 1024 }, async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const settings = readSettings(request.body)
    return { settings: await withWriter(ctx.db, async (w) => {
      const saved = await saveStoreSettings(w, device.storeId, settings)
      await recordStoreChange(w, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: 'settings', detail: saved.changed || null })
      return saved.settings
    }) }
  })

  app.put<RouteOf<'PUT /api/associates/:id/availability'>>('/api/associates/:id/availability', { bodyLimit: 16 * 1024 }, async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const input = readAvailability(request.body)
    const { id } = request.params as { id: string }
    return { associate: await withWriter(ctx.db, async (w) => {
      const saved = await saveAssociateAvailability(w, device.storeId, id, input)
      await recordStoreChange(w, { storeId: device.storeId, deviceId: device.id, associateId: manager.associateId, action: 'availability', subject: id })
      return saved
    }) }
  })
}
