/**
 * The manager's online reports: the same KPIs the tablet computes offline for its own store,
 * computed in SQL over every store the manager answers for (their own, plus any an
 * administrator assigned with `npm run sync-server -- manager-stores`).
 */
import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import type { StoreSettings } from '../../src/shared/types'
import { AppError } from '../../src/shared/errors'
import { kpiReport } from '../reports/kpis'
import { requireManager } from './context'

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/

export function registerReportRoutes(app: FastifyInstance, ctx: Context): void {
  app.get<RouteOf<'GET /api/reports/kpis'>>('/api/reports/kpis', async (request) => {
    const { manager } = await requireManager(ctx, request)
    const q = request.query as { from?: string, to?: string, asOf?: string }
    if (!q.from || !q.to || !ISO.test(q.from) || !ISO.test(q.to) || q.from >= q.to || (q.asOf && !ISO.test(q.asOf)))
      throw new AppError('invalid-request', 'Give the period as ?from=…&to=… (UTC instants like 2026-11-01T00:00:00.000Z, from before to), and optionally asOf.')
    const asOf = q.asOf ?? new Date().toISOString()
    const { rows } = await ctx.db.query<{ id: string, name: string, settings: StoreSettings | null }>(`
      SELECT id, data->>'name' AS name, data->'settings' AS settings FROM docs WHERE collection = 'stores' AND NOT deleted
        AND (id = $1 OR id IN (SELECT store_id FROM manager_stores WHERE associate_id = $2))
      ORDER BY id`, [manager.storeId, manager.associateId])
    const stores = []
    for (const store of rows) {
      const report = await kpiReport(ctx.db, { storeId: store.id, period: { from: q.from, to: q.to }, asOf, settings: store.settings })
      stores.push({ storeId: store.id, name: store.name, ...report })
    }
    return { period: { from: q.from, to: q.to }, asOf, stores }
  })
}
