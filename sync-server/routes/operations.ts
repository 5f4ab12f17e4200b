/**
 * Liveness: the process answers. Readiness: the database answers and has every migration this
 * code needs, and the server is not stopping — what a balancer asks before sending requests.
 */
import type { FastifyInstance } from 'fastify'
import type { Database } from '../storage/db'
import { AppError } from '../../src/shared/errors'
import { migrationState } from '../storage/migrations'

export function registerOperationsRoutes(app: FastifyInstance, db: Database): { markStopping: () => void } {
  let stopping = false
  app.get('/healthz', async () => ({ status: 'ok', database: db.kind }))
  app.get('/readyz', async () => {
    if (stopping)
      throw new AppError('not-ready', 'This server is stopping: send requests to another one.', { reason: 'stopping' })
    const state = await migrationState(db).catch(() => null)
    if (!state)
      throw new AppError('not-ready', 'The database does not answer.', { reason: 'database' })
    if (state.applied < state.latest)
      throw new AppError('not-ready', `The database has ${state.applied} of the ${state.latest} migrations this server needs.`, { reason: 'migrations', ...state })
    return { status: 'ready', database: db.kind, migrations: state.latest }
  })
  return { markStopping: () => void (stopping = true) }
}
