/**
 * The store manager's template editor saves here (online: templates are the store's, like its
 * settings, and reach the tablets through the store's document).
 */
import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { readTemplates, saveStoreTemplates } from '../outreach/templates'
import { withWriter } from '../storage/writer'
import { requireManager } from './context'

export function registerTemplateRoutes(app: FastifyInstance, ctx: Context): void {
  app.put<RouteOf<'PUT /api/store/templates'>>('/api/store/templates', { bodyLimit: 512 * 1024 }, async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const templates = readTemplates(request.body)
    return { templates: await withWriter(ctx.db, w => saveStoreTemplates(w, device.storeId, manager.associateId, templates)) }
  })
}
