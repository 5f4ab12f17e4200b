import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Device } from '../auth/devices'
import type { AssociateSession } from '../auth/sessions'
import type { Config } from '../core/config'
import type { Database } from '../storage/db'
import type { StreamHub } from '../sync/stream'
import { AppError } from '../../src/shared/errors'
import { authenticate } from '../auth/devices'
import { requireManager as managerOf, requireSession, SESSION_HEADER } from '../auth/sessions'
import { nothingAt } from './errors'

export interface Context {
  db: Database
  config: Config
  streams: StreamHub
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the device the bearer token names, checked before the body is read */
    device: Device | null
  }
}

/** Routes that take no device token: enrollment (the token's origin) and the platform's signed events. */
const WITHOUT_DEVICE = new Set(['/api/devices/enroll', '/api/commerce/events', '/api/local/enroll-code', '/api/local/office-account', '/api/local/api-keys', '/api/local/backup', '/api/openapi.json', '/api/docs'])

/**
 * Every device-token route checks the token as the request arrives, before its body is read
 * or parsed: an unauthenticated caller can't make the server buffer and parse 8 MB pushes.
 * The platform's events are signed over their exact bytes, so those must be read; a request
 * without a signature at all is refused before that. Decided by the route the request matched,
 * not its spelling (`/%61pi/sync/…` reaches the push route too); a body sent to no route at all
 * is refused unread as well.
 */
export function registerDeviceAuthentication(app: FastifyInstance, ctx: Context): void {
  app.decorateRequest('device', null)
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url
    if (route === undefined) {
      if (Number(request.headers['content-length']) > 0 || request.headers['transfer-encoding'])
        throw nothingAt(request)
      return
    }
    if (!route.startsWith('/api/'))
      return
    if (route === '/api/commerce/events' && !request.headers['x-signature'])
      throw new AppError('bad-signature', 'Platform events must carry an X-Signature header.')
    // Head office's section stands on its own session, from any browser (routes/office.ts).
    // …and the versioned API on its API keys (routes/v1.ts).
    if (!WITHOUT_DEVICE.has(route) && !route.startsWith('/api/office/') && !route.startsWith('/api/v1/'))
      request.device = await authenticate(ctx.db, request.headers.authorization)
  })
}

export async function requireDevice(ctx: Context, request: FastifyRequest): Promise<Device> {
  return request.device ?? authenticate(ctx.db, request.headers.authorization)
}

/**
 * An associate signed in with their PIN checked by the server, on an enrolled device of their
 * store: what reaches beyond the tablet's own book (online search, pins, receipt resends) needs
 * a person the server has verified, not only a device token.
 */
export async function requireAssociate(ctx: Context, request: FastifyRequest): Promise<{ device: Device, associate: AssociateSession }> {
  const device = await requireDevice(ctx, request)
  const header = request.headers[SESSION_HEADER]
  return { device, associate: await requireSession(ctx.db, device, typeof header === 'string' ? header : undefined) }
}

/** A store manager signed in on an enrolled device of their store (see auth/sessions.ts). */
export async function requireManager(ctx: Context, request: FastifyRequest): Promise<{ device: Device, manager: AssociateSession }> {
  const device = await requireDevice(ctx, request)
  const header = request.headers[SESSION_HEADER]
  return { device, manager: await managerOf(ctx.db, device, typeof header === 'string' ? header : undefined) }
}

/** The signed-in associate a tablet names on its requests (checked against the store where it matters). */
export function associateHeader(request: { headers: Record<string, string | string[] | undefined> }): string | null {
  const value = request.headers['x-associate-id']
  return typeof value === 'string' && /^[\w-]{1,64}$/.test(value) ? value : null
}
