/**
 * Issue 27, the operator's basics: /readyz says whether a balancer may send this server requests
 * (the database answers and holds every migration this code needs; /healthz stays liveness), and
 * every request's log lines carry an id the response names — the caller's X-Request-Id when it
 * is a plain token, one of ours otherwise.
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('the operator\'s view of a server, on %s', (backend) => {
  let server: TestServer
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers })

  beforeAll(async () => {
    server = await startTestServer(backend)
  })
  afterAll(() => server.close())

  it('is ready once every migration is in, and says 503 with the reason when one is missing', async () => {
    const ready = await get('/readyz')
    const body = await ready.json() as { status: string, migrations: number }
    expect([ready.status, body.status]).toEqual([200, 'ready'])
    expect(body.migrations).toBeGreaterThanOrEqual(21)

    await server.db.query('DELETE FROM schema_migrations WHERE version = $1', [body.migrations])
    try {
      const missing = await get('/readyz')
      expect(missing.status).toBe(503)
      expect(await missing.json()).toMatchObject({ error: { code: 'not-ready', details: { reason: 'migrations', applied: body.migrations - 1, latest: body.migrations } } })
      // Liveness does not depend on it.
      expect((await get('/healthz')).status).toBe(200)
    }
    finally {
      await server.db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [body.migrations])
    }
    expect((await get('/readyz')).status).toBe(200)
  })

  it('names each request by the caller\'s plain X-Request-Id, in the answer and in every log line of it', async () => {
    const res = await get('/api/sync/summary', { 'X-Request-Id': 'till-7.req-42' })
    expect(res.status).toBe(401)
    expect(res.headers.get('x-request-id')).toBe('till-7.req-42')
    const lines = server.log.map(line => JSON.parse(line) as { reqId?: string }).filter(l => l.reqId === 'till-7.req-42')
    expect(lines.length).toBeGreaterThanOrEqual(2)
  })

  it('gives a request its own id when the caller\'s is not a plain token, or there is none', async () => {
    const odd = await get('/healthz', { 'X-Request-Id': 'a b\u00E9<script>' })
    const none = await get('/healthz')
    for (const res of [odd, none])
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(odd.headers.get('x-request-id')).not.toBe(none.headers.get('x-request-id'))
  })
})
