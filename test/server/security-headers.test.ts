/**
 * Headers a store tablet's browser relies on: a Content-Security-Policy that runs only the
 * app's own scripts, nothing cached from the API, and enrollment codes that can't be guessed
 * at speed (the browser tests run the whole app under this policy).
 */
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEnrollCode } from '../../sync-server/auth/devices'
import { world } from '../fixtures/world'
import { startTestServer } from './harness'

describe('security headers and enrollment attempts', () => {
  let server: TestServer
  const enroll = (code: string) => fetch(`${server.url}/api/devices/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'Cassa' }) })

  beforeAll(async () => {
    server = await startTestServer('pglite', { config: { enrollRateLimit: 5 } })
    await server.load(world())
  })
  afterAll(() => server.close())

  it('sends a policy without inline or foreign scripts, and no caching of API answers', async () => {
    const res = await fetch(`${server.url}/healthz`)
    const csp = res.headers.get('content-security-policy')!
    // Security issue, hole 12: no eval, the validators are compiled when the app is built.
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/)
    expect(csp).not.toContain('\'unsafe-eval\'')
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain('frame-ancestors \'none\'')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const api = await fetch(`${server.url}/api/sync/customers/pull`)
    expect(api.status).toBe(401)
    expect(api.headers.get('cache-control')).toBe('no-store')
  })

  it('refuses enrollment attempts past the limit with 429 and Retry-After, and enrolls nothing', async () => {
    for (let i = 0; i < 4; i++)
      expect((await enroll('WRONG-CODE')).status).toBe(400)
    const code = await createEnrollCode(server.db, 'store-a')
    expect((await enroll(code)).status).toBe(201)
    const refused = await enroll(await createEnrollCode(server.db, 'store-a'))
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await refused.json() as { error: { code: string } }).error.code).toBe('rate-limited')
    const { rows } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM devices')
    expect(rows[0]!.n).toBe(1)
  })
})
