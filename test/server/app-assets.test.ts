/**
 * Issue 27 (first screen fast): the app's files go out compressed — the build's brotli or
 * gzip copy to a browser that accepts it, the original otherwise — and keep their caching.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './harness'

const SCRIPT = `console.log(${JSON.stringify('the first screen '.repeat(200))})`

describe('the app\'s files over the wire', () => {
  let server: TestServer
  const appDir = mkdtempSync(join(tmpdir(), 'clienteling-app-'))
  beforeAll(async () => {
    mkdirSync(join(appDir, 'assets'))
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>app</title>')
    writeFileSync(join(appDir, 'assets', 'entry-abc.js'), SCRIPT)
    writeFileSync(join(appDir, 'assets', 'entry-abc.js.br'), brotliCompressSync(SCRIPT))
    writeFileSync(join(appDir, 'assets', 'entry-abc.js.gz'), gzipSync(SCRIPT))
    server = await startTestServer('pglite', { config: { appDir } })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(appDir, { recursive: true, force: true })
  })

  const get = (encoding: string) => fetch(`${server.url}/assets/entry-abc.js`, { headers: { 'Accept-Encoding': encoding } })

  it('sends the brotli copy to a browser that accepts it, cached for good', async () => {
    const reply = await get('gzip, deflate, br')
    expect(reply.headers.get('content-encoding')).toBe('br')
    expect(reply.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(reply.headers.get('content-type')).toMatch(/javascript/)
    expect(reply.headers.get('vary')).toMatch(/accept-encoding/i)
    // (fetch undoes the encoding it was sent)
    expect(await reply.text()).toBe(SCRIPT)
  })

  it('sends the gzip copy to one that accepts only gzip, and the original to one that accepts neither', async () => {
    expect((await get('gzip')).headers.get('content-encoding')).toBe('gzip')
    const plain = await get('identity')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(SCRIPT)
  })
})
