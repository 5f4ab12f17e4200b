/**
 * Security issue, hole 11 (the smaller ones): a device token is checked before a body is
 * read, a request Node can't parse still gets our error shape, and HSTS is sent exactly when
 * the app is reached over HTTPS.
 */
import type { TestServer } from './harness'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { world } from '../fixtures/world'
import { startTestServer } from './harness'

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

describe('hole 11: what is checked before a request is read', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer('pglite')
    await server.load(world())
  })
  afterAll(() => server.close())

  it('answers an unauthenticated 8 MB push with 401 before reading its body', async () => {
    const host = new URL(server.url).host
    const started = Date.now()
    // Only the first kilobyte of the announced 8 MB is ever sent: a server that waited for the body would time out.
    const answer = await rawRequest(server.url, `POST /api/sync/visits/push HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 8000000\r\n\r\n`, `[${'0,'.repeat(500)}`)
    expect(statusOf(answer)).toBe(401)
    expect(bodyOf(answer).error.code).toBe('unauthorized')
    expect(Date.now() - started).toBeLessThan(2500)
  })

  it('refuses a platform event without a signature before reading it', async () => {
    const host = new URL(server.url).host
    const answer = await rawRequest(server.url, `POST /api/commerce/events HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 8000000\r\n\r\n`, '{"id":')
    expect([statusOf(answer), bodyOf(answer).error.code]).toEqual([401, 'bad-signature'])
  })

  it('answers headers too large for Node with 431 in the error shape', async () => {
    const host = new URL(server.url).host
    const answer = await rawRequest(server.url, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(statusOf(answer)).toBe(431)
    expect(bodyOf(answer)).toMatchObject({ error: { code: 'headers-too-large', message: expect.stringMatching(/\w+ \w+/) } })
  })
})

describe('hole 11: Strict-Transport-Security', () => {
  it('is sent behind a trusted proxy that terminated HTTPS, and never over plain HTTP', async () => {
    const proxied = await startTestServer('pglite', { config: { trustProxy: true } })
    const direct = await startTestServer('pglite')
    try {
      const hsts = async (url: string, headers: Record<string, string> = {}) => (await fetch(`${url}/healthz`, { headers })).headers.get('strict-transport-security')
      expect(await hsts(proxied.url, { 'X-Forwarded-Proto': 'https' })).toBe('max-age=15552000; includeSubDomains')
      expect(await hsts(proxied.url)).toBeNull()
      // Without TRUST_PROXY, a client's claim of HTTPS is not believed.
      expect(await hsts(direct.url, { 'X-Forwarded-Proto': 'https' })).toBeNull()
    }
    finally {
      await proxied.close()
      await direct.close()
    }
  })
})
