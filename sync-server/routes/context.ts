import type { FastifyRequest } from 'fastify'
import type { Device } from '../auth/devices'
import type { Config } from '../config'
import type { Database } from '../storage/db'
import type { StreamHub } from '../sync/stream'
import { authenticate } from '../auth/devices'

export interface Context {
  db: Database
  config: Config
  streams: StreamHub
}

export function requireDevice(ctx: Context, request: FastifyRequest): Promise<Device> {
  return authenticate(ctx.db, request.headers.authorization)
}
