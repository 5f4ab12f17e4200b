/**
 * The e-commerce platform in tests: a real HTTP listener that records every webhook the
 * sync-server's outbox delivers and answers with whatever status the test chooses.
 */
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CommerceEvent } from '../../src/shared/protocol'
import { createServer } from 'node:http'

export interface Received { headers: IncomingHttpHeaders, raw: string, event: CommerceEvent, status: number }

/** The platform: records every request and answers with what `answer` says. */
export async function startPlatform() {
  const received: Received[] = []
  const platform = {
    received,
    /** requests read but not yet answered */
    pending: 0,
    answer: (_event: CommerceEvent): number | Promise<number> => 200,
    url: '',
    server: null as Server | null,
  }
  platform.server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const event = JSON.parse(raw) as CommerceEvent
      platform.pending += 1
      void Promise.resolve(platform.answer(event)).then((status) => {
        platform.pending -= 1
        received.push({ headers: request.headers, raw, event, status })
        response.writeHead(status).end()
      })
    })
  })
  await new Promise<void>(resolve => platform.server!.listen(0, '127.0.0.1', resolve))
  platform.url = `http://127.0.0.1:${(platform.server.address() as AddressInfo).port}/webhooks/clienteling`
  return platform
}

export async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`not within ${timeoutMs} ms: ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
