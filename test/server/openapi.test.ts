/**
 * Issue 25: the versioned API's OpenAPI 3.1 document, generated from the routes' own schemas,
 * validates with a maintained OpenAPI validator and lists every `/api/v1` route the server has;
 * a readable page shows it; a request that breaks a route's schema gets the usual 400.
 */
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../sync-server/app'
import { loadConfig } from '../../sync-server/core/config'
import { runApiKeyCommand } from '../../sync-server/integrations/cli'
import { openDatabase } from '../../sync-server/storage/db'
import { migrate } from '../../sync-server/storage/migrations'

/** Every route's full path from Fastify's printed tree (a segment per line, indented by depth). */
function routesOf(tree: string): string[] {
  const stack: string[] = []
  const out: string[] = []
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ')
    if (at < 0)
      continue
    const depth = Math.round(at / 4)
    const [segment = '', methods] = line.slice(at + 3).split(' (')
    stack[depth] = segment
    stack.length = depth + 1
    if (methods)
      out.push(stack.join(''))
  }
  return out
}

describe('the versioned API\'s OpenAPI document', () => {
  let server: Awaited<ReturnType<typeof buildServer>>
  let db: Awaited<ReturnType<typeof openDatabase>>
  let url = ''
  let key = ''

  beforeAll(async () => {
    db = await openDatabase({})
    await migrate(db)
    server = await buildServer(db, loadConfig({}))
    url = await server.app.listen({ port: 0, host: '127.0.0.1' })
    const made = await runApiKeyCommand(db, { verb: 'create', name: 'docs', scopes: 'profiles:read' })
    key = made.verb === 'create' ? made.key : ''
  })
  afterAll(async () => {
    await server.close()
    await db.close()
  })

  it('validates as OpenAPI 3.1 and lists every /api/v1 route of the server, and nothing of the tablets\'', async () => {
    const reply = await fetch(`${url}/api/openapi.json`)
    expect(reply.status).toBe(200)
    const doc = await reply.json() as { openapi: string, paths: Record<string, unknown> }
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0])
    expect([doc.openapi, result.valid, result.errors]).toEqual(['3.1.0', true, undefined])
    const routes = routesOf(server.app.printRoutes({ commonPrefix: false }))
      .filter(p => p.startsWith('/api/v1/'))
      .map(p => p.replace(/:(\w+)/g, '{$1}'))
    expect(routes.length).toBeGreaterThan(1)
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(routes)].sort())
  })

  it('shows a readable page of it, with each path, its scope and its answers', async () => {
    const reply = await fetch(`${url}/api/docs`)
    const html = await reply.text()
    expect([reply.status, reply.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8'])
    expect(html).toContain('GET /api/v1/customers/{id}/profile')
    expect(html).toContain('Scope: profiles:read')
    expect(html).not.toMatch(/<script/i)
  })

  it('answers a request that breaks a route\'s schema with 400 and the usual error shape', async () => {
    const tooLong = await fetch(`${url}/api/v1/customers/${'x'.repeat(65)}/profile`, { headers: { Authorization: `Bearer ${key}` } })
    expect([tooLong.status, (await tooLong.json() as { error: { code: string } }).error.code]).toEqual([400, 'invalid-request'])
    const badPhone = await fetch(`${url}/api/v1/customers?phone=1`, { headers: { Authorization: `Bearer ${key}` } })
    expect([badPhone.status, (await badPhone.json() as { error: { code: string, message: string } }).error.code]).toEqual([400, 'invalid-request'])
  })
})
