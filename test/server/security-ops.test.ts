/**
 * Security issue, hole 11 (the smaller ones): a device token is checked before a body is
 * read, a request Node can't parse still gets our error shape, and HSTS is sent exactly when
 * the app is reached over HTTPS.
 */
import type { TestServer } from './harness'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { world } from '../fixtures/world'
import { dumpTables } from './dump'
import { BACKENDS, startTestServer } from './harness'

/** Sends raw bytes and resolves with what the server answered first (or all of it, once it closes). */
function rawRequest(url: string, head: string, body = ''): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head + body))
    let answer = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve(answer)
    }, 3000)
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8')
      if (/\r\n\r\n/.test(answer) && /Content-Length: (\d+)/i.test(answer)) {
        const length = Number(/Content-Length: (\d+)/i.exec(answer)![1])
        if (Buffer.byteLength(answer.split('\r\n\r\n').slice(1).join('\r\n\r\n')) >= length) {
          clearTimeout(timer)
          socket.destroy()
          resolve(answer)
        }
      }
    })
    socket.on('error', reject)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(answer)
    })
  })
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string } }

const TABLES = ['docs', 'devices', 'enroll_codes', 'commerce_events']

describe.each(BACKENDS)('hole 11: what is checked before a request is read, on %s', (backend) => {
  let server: TestServer
  let host: string
  const post = (path: string, length: number, headers = '') => `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${headers}\r\n`

  beforeAll(async () => {
    server = await startTestServer(backend)
    host = new URL(server.url).host
    await server.load(world())
  })
  afterAll(() => server.close())

  it('answers an unauthenticated 8 MB push with 401 before reading its body', async () => {
    const started = Date.now()
    // Only the first kilobyte of the announced 8 MB is ever sent: a server that waited for the body would time out.
    const answer = await rawRequest(server.url, post('/api/sync/visits/push', 8_000_000), `[${'0,'.repeat(500)}`)
    expect(statusOf(answer)).toBe(401)
    expect(bodyOf(answer).error.code).toBe('unauthorized')
    expect(Date.now() - started).toBeLessThan(2500)
  })

  it('answers a push with an unknown token and a body over the limit with 401, not 413, and changes nothing', async () => {
    const before = await dumpTables(server.db, TABLES)
    const answer = await rawRequest(server.url, post('/api/sync/customers/push', server.config.bodyLimit + 1, 'Authorization: Bearer not-a-token\r\n'), '[')
    expect([statusOf(answer), bodyOf(answer).error.code]).toEqual([401, 'unauthorized'])
    expect(await dumpTables(server.db, TABLES)).toBe(before)
  })

  it('asks for the token however the route is spelt (/%61pi/… is /api/…), before reading the body', async () => {
    const answer = await rawRequest(server.url, post('/%61pi/sync/visits/push', 8_000_000), '[')
    expect([statusOf(answer), bodyOf(answer).error.code]).toEqual([401, 'unauthorized'])
  })

  it('refuses a body sent where there is no route with 404, without reading it', async () => {
    const answer = await rawRequest(server.url, post('/uploads', 8_000_000), '[')
    expect([statusOf(answer), bodyOf(answer).error.code]).toEqual([404, 'not-found'])
  })

  it('reads no more from someone enrolling than a code and a name need', async () => {
    const answer = await rawRequest(server.url, post('/api/devices/enroll', 100_000), '{"code":')
    expect([statusOf(answer), bodyOf(answer).error.code]).toEqual([413, 'body-too-large'])
  })

  it('refuses a platform event without a signature before reading it', async () => {
    const answer = await rawRequest(server.url, post('/api/commerce/events', 8_000_000), '{"id":')
    expect([statusOf(answer), bodyOf(answer).error.code]).toEqual([401, 'bad-signature'])
  })

  it('answers headers too large for Node with 431 in the error shape', async () => {
    const answer = await rawRequest(server.url, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(statusOf(answer)).toBe(431)
    expect(bodyOf(answer)).toMatchObject({ error: { code: 'headers-too-large', message: expect.stringMatching(/\w+ \w+/) } })
  })
})

describe.each(BACKENDS)('hole 11: Strict-Transport-Security, on %s', (backend) => {
  it('is sent behind a trusted proxy that terminated HTTPS, and never over plain HTTP', async () => {
    const proxied = await startTestServer(backend, { config: { trustProxy: true } })
    // The same database behind a server that trusts no proxy (TRUST_PROXY unset).
    const direct = await startTestServer(backend, { db: proxied.db })
    try {
      const hsts = async (url: string, headers: Record<string, string> = {}) => (await fetch(`${url}/healthz`, { headers })).headers.get('strict-transport-security')
      expect(await hsts(proxied.url, { 'X-Forwarded-Proto': 'https' })).toBe('max-age=15552000; includeSubDomains')
      expect(await hsts(proxied.url)).toBeNull()
      expect(await hsts(proxied.url, { 'X-Forwarded-Proto': 'http' })).toBeNull()
      // Without TRUST_PROXY, a client's claim of HTTPS is not believed.
      expect(await hsts(direct.url, { 'X-Forwarded-Proto': 'https' })).toBeNull()
      expect(await hsts(direct.url)).toBeNull()
    }
    finally {
      await direct.close()
      await proxied.close()
    }
  })
})
