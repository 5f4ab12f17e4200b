import type { FastifyRequest } from 'fastify'
import type { Device } from '../auth/devices'
import type { AssociateSession } from '../auth/sessions'
import type { Config } from '../config'
import type { Database } from '../storage/db'
import type { StreamHub } from '../sync/stream'
import { authenticate } from '../auth/devices'
import { requireManager as managerOf, SESSION_HEADER } from '../auth/sessions'

export interface Context {
  db: Database
  config: Config
  streams: StreamHub
}

export function requireDevice(ctx: Context, request: FastifyRequest): Promise<Device> {
  return authenticate(ctx.db, request.headers.authorization)
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
