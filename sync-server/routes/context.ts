import type { FastifyRequest } from 'fastify'
import type { Device } from '../auth/devices'
import type { AssociateSession } from '../auth/sessions'
import type { Config } from '../config'
import type { Database } from '../storage/db'
import type { StreamHub } from '../sync/stream'
import { authenticate } from '../auth/devices'
import { requireManager as managerOf, requireSession, SESSION_HEADER } from '../auth/sessions'

export interface Context {
  db: Database
  config: Config
  streams: StreamHub
}

export function requireDevice(ctx: Context, request: FastifyRequest): Promise<Device> {
  return authenticate(ctx.db, request.headers.authorization)
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
