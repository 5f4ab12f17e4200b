/**
 * The CLI's way into a running server on the embedded database (core/local-admin.ts): a
 * loopback caller with the server's own token may make an enrollment code, a head-office
 * account, make, list and revoke API keys, or take a backup (storage/backup.ts). Nothing else.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Context } from './context'
import { timingSafeEqual } from 'node:crypto'
import { AppError } from '../../src/shared/errors'
import { recordStoreChange } from '../audit/store-log'
import { issueEnrollCode } from '../auth/devices'
import { apiKeyRequest, runApiKeyCommand } from '../integrations/cli'
import { createOfficeAccount, type OfficeRole } from '../office/accounts'

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export const LOCAL_ADMIN_ROUTE = '/api/local/enroll-code'
export const LOCAL_OFFICE_ROUTE = '/api/local/office-account'
export const LOCAL_API_KEYS_ROUTE = '/api/local/api-keys'
export const LOCAL_BACKUP_ROUTE = '/api/local/backup'

export function registerLocalAdminRoutes(app: FastifyInstance, ctx: Context, token: string): void {
  const guard = (request: FastifyRequest) => {
    // The TCP peer, not a forwarded address: a proxy in front could claim anything.
    const given = Buffer.from(String(request.headers['x-local-admin'] ?? ''))
    const expected = Buffer.from(token)
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '') || given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new AppError('forbidden', 'Only the server\'s own command line may do this.')
  }

  app.post(LOCAL_API_KEYS_ROUTE, { bodyLimit: 1024 }, async (request) => {
    guard(request)
    const body = (request.body ?? {}) as { verb?: string, name?: string, scopes?: string, id?: string }
    try {
      return await runApiKeyCommand(ctx.db, apiKeyRequest(String(body.verb ?? ''), body))
    }
    catch (error) {
      throw error instanceof AppError ? error : new AppError('invalid-request', (error as Error).message)
    }
  })

  app.post(LOCAL_BACKUP_ROUTE, { bodyLimit: 1024 }, async (request, reply) => {
    guard(request)
    if (!ctx.db.backup)
      throw new AppError('invalid-request', 'This server runs on PostgreSQL: back it up with pg_dump (`npm run sync-server -- backup`).')
    const tarball = Buffer.from(await (await ctx.db.backup()).arrayBuffer())
    return reply.type('application/gzip').send(tarball)
  })

  app.post(LOCAL_OFFICE_ROUTE, { bodyLimit: 1024 }, async (request) => {
    guard(request)
    const body = (request.body ?? {}) as { login?: unknown, displayName?: unknown, role?: unknown }
    return createOfficeAccount(ctx.db, { login: String(body.login ?? ''), displayName: String(body.displayName ?? ''), role: String(body.role ?? 'admin') as OfficeRole }, ctx.config.pinIterations)
  })

  app.post(LOCAL_ADMIN_ROUTE, { bodyLimit: 1024 }, async (request) => {
    guard(request)
    const body = (request.body ?? {}) as { storeId?: unknown }
    let storeId = typeof body.storeId === 'string' ? body.storeId : null
    if (!storeId) {
      const { rows } = await ctx.db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' AND NOT deleted AND data->>'kind' = 'store' ORDER BY id LIMIT 1`)
      storeId = rows[0]?.id ?? null
      if (!storeId)
        throw new AppError('not-found', 'There are no stores yet: run `npm run sync-server -- seed` first.')
    }
    const issued = await issueEnrollCode(ctx.db, storeId, { createdBy: 'cli' })
    await recordStoreChange(ctx.db, { storeId, deviceId: null, associateId: null, action: 'enroll-code', subject: issued.id, detail: 'cli' })
    return { storeId, code: issued.code }
  })
}
