import type { FastifyInstance } from 'fastify'
import type { CollectionName } from '../../src/shared/types'
import type { Context } from './context'
import type { ReplyOf, RouteOf } from '../../src/shared/endpoints'
import { collectionRules, isCollectionName } from '../../src/shared/collections'
import { AppError } from '../../src/shared/errors'
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, parseCheckpoint } from '../../src/shared/protocol'
import { touchDevice } from '../auth/devices'
import { createRateLimiter } from '../auth/rate-limit'
import { searchBook } from '../storage/search'
import type { HistoryCursor } from '../storage/pull'
import { historyFrom, newestPageToJson, pageToJson, readNewestPage, readPullPage, scopeCounts } from '../storage/pull'
import { readCustomerHistory } from '../storage/customer-history'
import { handlePush } from '../sync/push'
import { associateHeader, requireDevice } from './context'

function collectionParam(params: unknown): CollectionName {
  const name = (params as { collection: string }).collection
  if (!isCollectionName(name))
    throw new AppError('unknown-collection', `There is no collection called ${name}.`)
  return name
}

/** A lookup per keystroke of an associate or two, for the minute or so a new tablet's customers take to arrive. */
const BOOK_SEARCHES_PER_MINUTE = 120

export function registerSyncRoutes(app: FastifyInstance, ctx: Context): void {
  const bookSearches = createRateLimiter({ max: BOOK_SEARCHES_PER_MINUTE, windowMs: 60_000, what: 'searches of the store\'s customers' })
  app.get('/api/sync/:collection/pull', async (request, reply) => {
    const device = await requireDevice(ctx, request)
    const collection = collectionParam(request.params)
    const query = request.query as { checkpoint?: string, limit?: string, order?: string, below?: string, cursor?: string }
    if (query.order === 'newest')
      return reply.type('application/json').send(newestPageToJson(await newestPage(device.storeId, collection, query)))
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

  /** A new tablet's history, newest first (storage/pull.ts, `readNewestPage`). */
  async function newestPage(storeId: string, collection: CollectionName, query: { limit?: string, below?: string, cursor?: string }) {
    if (!collectionRules[collection].historyField)
      throw new AppError('invalid-request', `order=newest is for orders, visits and interactions, not ${collection}.`)
    const limit = query.limit === undefined ? DEFAULT_PULL_LIMIT : Number(query.limit)
    const below = query.below === undefined ? null : Number(query.below)
    let cursor: HistoryCursor | null = null
    try {
      cursor = query.cursor ? JSON.parse(query.cursor) as HistoryCursor : null
    }
    catch {}
    const badCursor = query.cursor !== undefined && (typeof cursor?.at !== 'string' || Number.isNaN(Date.parse(cursor.at)) || typeof cursor.id !== 'string')
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_LIMIT || (below !== null && !Number.isSafeInteger(below)) || badCursor)
      throw new AppError('invalid-request', `order=newest takes limit (1 to ${MAX_PULL_LIMIT}), below (the position the first page answered) and cursor (the one the last page answered).`)
    return readNewestPage(ctx.db, { collection, storeId, below, cursor, limit, historyFrom: historyFrom(ctx.config.tabletHistoryMonths) })
  }

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

  // A new tablet's lookup while its customers download: the device's own book only (what its
  // pulls bring anyway), so the device token is enough. POST: what is typed may be an e-mail.
  app.post<RouteOf<'POST /api/customers/book-search'>>('/api/customers/book-search', async (request) => {
    const device = await requireDevice(ctx, request)
    const raw = (request.body as { q?: unknown } | null)?.q
    if (typeof raw !== 'string')
      throw new AppError('invalid-request', 'q must be the text typed in the lookup.')
    bookSearches.hit(`device:${device.id}`)
    return { customers: await searchBook(ctx.db, device.storeId, raw.slice(0, 200)) }
  })

  // A profile opened before the first download's history arrived, and "older purchases".
  app.get<RouteOf<'GET /api/customers/:id/history'>>('/api/customers/:id/history', async (request) => {
    const device = await requireDevice(ctx, request)
    const query = request.query as { before?: unknown, older?: unknown }
    if (query.before !== undefined && (typeof query.before !== 'string' || Number.isNaN(Date.parse(query.before))))
      throw new AppError('invalid-request', 'before must be a date and time (ISO 8601).')
    const from = historyFrom(ctx.config.tabletHistoryMonths)
    // ?older=1: what the window leaves out (nothing without a window).
    const before = query.older === '1' ? from ?? new Date(0).toISOString() : query.before as string | undefined
    const history = await readCustomerHistory(ctx.db, { storeId: device.storeId, customerId: (request.params as { id: string }).id, from: before === undefined ? from : null, before: before ?? null })
    if (!history)
      throw new AppError('not-found', 'This customer is not in this store\'s book.')
    return { ...history, historyFrom: from }
  })

  app.get('/api/sync/stream', async (request, reply) => {
    const device = await requireDevice(ctx, request)
    reply.hijack()
    await ctx.streams.open(device, reply.raw)
  })
}
