/**
 * The manager's staff screen: add, deactivate, reactivate, set a new PIN — for the manager's own
 * store, and for the stores head office granted an area manager (`manager_stores`); any other
 * store's member of staff is as unknown here as one that does not exist.
 */
import type { FastifyInstance } from 'fastify'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import type { AssociateDoc } from '../../src/shared/types'
import { recordStoreChange } from '../audit/store-log'
import { createRateLimiter } from '../auth/rate-limit'
import type { AssociateSession } from '../auth/sessions'
import { managedStores } from '../auth/reach'
import { loadAssociate } from '../auth/sessions'
import { addStaff, readNewStaff, resetPin, setActive, staffOf } from '../auth/staff'
import { AppError } from '../../src/shared/errors'
import { requireManager } from './context'

/** What the screen needs of a member of staff: never the PIN hash or the book-key wrap. */
const shown = (a: AssociateDoc) => ({ id: a.id, displayName: a.displayName, staffCode: a.staffCode, role: a.role, active: a.active })

/** The store a manager acts for: their own unless they name one granted to them. */
async function storeActedFor(ctx: Context, manager: AssociateSession, storeId: unknown): Promise<string> {
  if (storeId === undefined || storeId === null || storeId === manager.storeId)
    return manager.storeId
  if (typeof storeId !== 'string' || !(await managedStores(ctx.db, manager)).has(storeId))
    throw new AppError('forbidden-store', 'That store is not one you manage.')
  return storeId
}

/** A member of staff's store, when the manager answers for it; otherwise they are not found. */
async function staffStore(ctx: Context, manager: AssociateSession, associateId: string): Promise<string> {
  const storeId = (await loadAssociate(ctx.db, associateId))?.storeId
  if (!storeId || !(await managedStores(ctx.db, manager)).has(storeId))
    throw new AppError('not-found', `There is no member of staff ${associateId} in your stores.`)
  return storeId
}

export function registerStaffRoutes(app: FastifyInstance, ctx: Context): void {
  // Each of these runs PBKDF2 on the server: a bound on how fast one tablet can ask.
  const pins = createRateLimiter({ max: 20, windowMs: 60_000, what: 'PIN changes from this tablet' })

  app.get<RouteOf<'GET /api/staff/stores'>>('/api/staff/stores', async (request) => {
    const { manager } = await requireManager(ctx, request)
    const ids = [...await managedStores(ctx.db, manager)]
    const { rows } = await ctx.db.query<{ id: string, name: string }>(`SELECT id, data->>'name' AS name FROM docs WHERE collection = 'stores' AND NOT deleted AND id = ANY($1::text[]) ORDER BY data->>'name'`, [ids])
    return { stores: rows.map(r => ({ id: r.id, name: r.name, own: r.id === manager.storeId })) }
  })

  // Another store's staff for an area manager (a tablet holds its own store's only).
  app.get<RouteOf<'GET /api/staff'>>('/api/staff', async (request) => {
    const { manager } = await requireManager(ctx, request)
    const storeId = await storeActedFor(ctx, manager, (request.query as { store?: unknown }).store)
    const staff = (await staffOf(ctx.db, storeId)).sort((a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName))
    return { staff: staff.map(shown) }
  })

  app.post<RouteOf<'POST /api/staff'>>('/api/staff', { bodyLimit: 4096 }, async (request, reply) => {
    const { device, manager } = await requireManager(ctx, request)
    const storeId = await storeActedFor(ctx, manager, (request.body as { storeId?: unknown } | null)?.storeId)
    const input = readNewStaff(request.body)
    pins.hit(device.id)
    const added = await addStaff(ctx.db, storeId, input, ctx.config.pinIterations)
    await recordStoreChange(ctx.db, { storeId, deviceId: device.id, associateId: manager.associateId, action: 'staff-add', subject: added.id, detail: added.role })
    return reply.status(201).send({ associate: shown(added) })
  })

  for (const [path, active] of [['deactivate', false], ['reactivate', true]] as const) {
    app.post<RouteOf<'POST /api/staff/:id/deactivate'>>(`/api/staff/:id/${path}`, async (request) => {
      const { device, manager } = await requireManager(ctx, request)
      const { id } = request.params as { id: string }
      const storeId = await staffStore(ctx, manager, id)
      const done = await setActive(ctx.db, storeId, id, active, manager.associateId)
      await recordStoreChange(ctx.db, { storeId, deviceId: device.id, associateId: manager.associateId, action: active ? 'staff-reactivate' : 'staff-deactivate', subject: id })
      return { associate: shown(done) }
    })
  }

  app.post<RouteOf<'POST /api/staff/:id/pin'>>('/api/staff/:id/pin', { bodyLimit: 1024 }, async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    const storeId = await staffStore(ctx, manager, id)
    pins.hit(device.id)
    const done = await resetPin(ctx.db, storeId, id, String((request.body as { pin?: unknown } | null)?.pin ?? ''), ctx.config.pinIterations)
    await recordStoreChange(ctx.db, { storeId, deviceId: device.id, associateId: manager.associateId, action: 'pin-reset', subject: id })
    return { associate: shown(done) }
  })
}
