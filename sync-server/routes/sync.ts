import type { FastifyInstance } from 'fastify'
import type { CollectionName } from '../../src/shared/types'
import type { Context } from './context'
import type { ReplyOf, RouteOf } from '../../src/shared/endpoints'
import { isCollectionName } from '../../src/shared/collections'
import { AppError } from '../../src/shared/errors'
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, parseCheckpoint } from '../../src/shared/protocol'
import { touchDevice } from '../auth/devices'
import { historyFrom, pageToJson, readPullPage, scopeCounts } from '../storage/pull'
import { handlePush } from '../sync/push'
import { associateHeader, requireDevice } from './context'

function collectionParam(params: unknown): CollectionName {
  const name = (params as { collection: string }).collection
  if (!isCollectionName(name))
    throw new AppError('unknown-collection', `There is no collection called ${name}.`)
  return name
}

export function registerSyncRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/api/sync/:collection/pull', async (request, reply) => {
    const device = await requireDevice(ctx, request)
    const collection = collectionParam(request.params)
    const query = request.query as { checkpoint?: string, limit?: string }
    let checkpoint
    try {
      checkpoint = parseCheckpoint(query.checkpoint)
    }
    catch {
      throw new AppError('invalid-request', 'checkpoint must be the JSON checkpoint the server returned, or empty.')
    }
    const limit = query.limit === undefined ? DEFAULT_PULL_LIMIT : Number(query.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_LIMIT)
      throw new AppError('invalid-request', `limit must be an integer from 1 to ${MAX_PULL_LIMIT}.`)
    const page = await readPullPage(ctx.db, { collection, storeId: device.storeId, checkpoint, limit, historyFrom: historyFrom(ctx.config.tabletHistoryMonths) })
    await touchDevice(ctx.db, device.id)
    return reply.type('application/json').send(pageToJson(page))
  })

  app.post<RouteOf<'POST /api/sync/:collection/push'>>('/api/sync/:collection/push', async (request) => {
    const device = await requireDevice(ctx, request)
    const collection = collectionParam(request.params)
    const conflicts = await handlePush(ctx.db, device, collection, request.body, associateHeader(request))
    await touchDevice(ctx.db, device.id)
    // The masters it returns are stored documents, each validated when it was written.
    return conflicts as unknown as ReplyOf<'POST /api/sync/:collection/push'>
  })

  app.get<RouteOf<'GET /api/sync/summary'>>('/api/sync/summary', async (request) => {
    const device = await requireDevice(ctx, request)
    const from = historyFrom(ctx.config.tabletHistoryMonths)
    return { deviceId: device.id, storeId: device.storeId, counts: await scopeCounts(ctx.db, device.storeId, from), historyFrom: from }
  })

  app.get('/api/sync/stream', async (request, reply) => {
    const device = await requireDevice(ctx, request)
    reply.hijack()
    await ctx.streams.open(device, reply.raw)
  })
}
