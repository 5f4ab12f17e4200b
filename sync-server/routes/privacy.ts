/**
 * A customer's privacy, as a store meets it: the access log and erasure, for the managers who
 * answer for the customer (auth/reach.ts: home store or a granted store, never "pinned into my
 * book"), and the profile views the tablets report. A customer a manager does not answer for
 * gets the same 404 as one that does not exist, so the answers say nothing about which ids do.
 */
import type { FastifyInstance } from 'fastify'
import type { CustomerDoc } from '../../src/shared/types'
import type { Context } from './context'
import type { RouteOf } from '../../src/shared/endpoints'
import { AppError } from '../../src/shared/errors'
import { readAudit, recordAudit } from '../audit/log'
import { managerAnswersFor } from '../auth/reach'
import { eraseCustomer } from '../commerce/erase'
import { withWriter } from '../storage/writer'
import { requireAssociate, requireManager } from './context'

const NOT_YOURS = 'There is no such customer among those this store answers for.'

export function registerPrivacyRoutes(app: FastifyInstance, ctx: Context): void {
  // A customer's request to be forgotten, taken in store by the manager: the same erasure as
  // the platform's customer.erased. A customer other stores also serve (pinned there) is
  // erased for them too, so that takes a second, deliberate confirmation, and the log says so.
  app.post<RouteOf<'POST /api/customers/:id/erase'>>('/api/customers/:id/erase', async (request) => {
    const { device, manager } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    const confirmShared = (request.body as { confirmShared?: unknown } | null)?.confirmShared === true
    await withWriter(ctx.db, async (w) => {
      const customer = (await w.load('customers', [id])).get(id) as (CustomerDoc & { _deleted?: boolean }) | undefined
      if (!customer || customer._deleted || !await managerAnswersFor(w, manager, customer))
        throw new AppError('not-found', NOT_YOURS)
      const { rows } = await w.query<{ store_id: string }>('SELECT store_id FROM book WHERE customer_id = $1 AND store_id <> $2 AND store_id IS DISTINCT FROM $3 ORDER BY store_id', [id, device.storeId, customer.homeStoreId])
      const others = rows.map(r => r.store_id)
      if (others.length && !confirmShared)
        throw new AppError('customer-shared', `This customer is also served by ${others.length} other store${others.length > 1 ? 's' : ''}; erasing them removes them there too. Confirm to erase them everywhere.`, { stores: others })
      await eraseCustomer(w, id, new Date().toISOString())
      await recordAudit(w, { deviceId: device.id, associateId: manager.associateId, customerId: id, action: 'erase', detail: others.length ? `also served by ${others.join(', ')}` : null })
    })
    return { customerId: id, erased: true }
  })

  // Who looked at or changed this customer.
  app.get<RouteOf<'GET /api/customers/:id/audit'>>('/api/customers/:id/audit', async (request) => {
    const { manager } = await requireManager(ctx, request)
    const { id } = request.params as { id: string }
    const { rows } = await ctx.db.query<{ data: CustomerDoc, deleted: boolean, in_book: boolean }>(`
      SELECT data, deleted, EXISTS (SELECT 1 FROM book WHERE store_id = $2 AND customer_id = $1) AS in_book
      FROM docs WHERE collection = 'customers' AND id = $1`, [id, manager.storeId])
    const found = rows[0]
    // An erased customer has no home store any more (nor anything personal): the stores that
    // served them keep reading who did what, the erasure included.
    const answers = found && (found.deleted ? found.in_book : await managerAnswersFor(ctx.db, manager, found.data))
    if (!answers)
      throw new AppError('not-found', NOT_YOURS)
    return { customerId: id, entries: await readAudit(ctx.db, id) }
  })

  // Profile views happen on the tablet, offline too; it sends each associate's views in
  // batches once that associate has a server-checked session. The row names the session's
  // associate and carries the server's time: a tablet can neither date a view in the past nor
  // put it in someone else's name. The tablet's own clock is kept in the detail, for reading.
  app.post<RouteOf<'POST /api/audit/views'>>('/api/audit/views', async (request) => {
    const { device, associate } = await requireAssociate(ctx, request)
    const views = (request.body as { views?: unknown } | null)?.views
    if (!Array.isArray(views) || views.length > 500 || !views.every(isView))
      throw new AppError('invalid-request', 'Send {"views": [{"id", "customerId", "associateId", "at"}]} with at most 500 views.')
    if (views.some(v => v.associateId !== associate.associateId))
      throw new AppError('forbidden', 'Send only the signed-in associate\'s own views.')
    // A tablet can only have viewed customers of its store's book; anything else is noise, not a view.
    const { rows: book } = await ctx.db.query<{ id: string }>(`SELECT customer_id AS id FROM book WHERE store_id = $1 AND customer_id = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))`, [device.storeId, JSON.stringify(views.map(v => v.customerId))])
    const inBook = new Set(book.map(r => r.id))
    const entries = views.filter(v => inBook.has(v.customerId)).map(v => ({ id: `view:${device.id}:${v.id}`, deviceId: device.id, associateId: associate.associateId, customerId: v.customerId, action: 'view' as const, detail: `tablet clock ${v.at}` }))
    await recordAudit(ctx.db, ...entries)
    return { recorded: entries.length }
  })
}

interface View { id: string, customerId: string, associateId: string, at: string }

function isView(v: unknown): v is View {
  const o = v as Record<string, unknown> | null
  const idLike = (x: unknown) => typeof x === 'string' && /^[\w-]{1,64}$/.test(x)
  return !!o && idLike(o.id) && idLike(o.customerId) && idLike(o.associateId) && typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at)) && o.at.length <= 40
}
