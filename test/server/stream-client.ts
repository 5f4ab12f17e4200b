/** Reads the device's live stream the way the tablet does: fetch with a bearer token, SSE framing. */
import type { StreamEvent } from '../../src/shared/protocol'
import { createSseParser } from '../../src/shared/sse'

export async function openStream(url: string, token: string) {
  const controller = new AbortController()
  const events: StreamEvent[] = []
  const response = await fetch(`${url}/api/sync/stream`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal })
  if (response.status !== 200)
    throw new Error(`stream: ${response.status}`)
  const parser = createSseParser(e => events.push(JSON.parse(e.data) as StreamEvent))
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const done = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done)
          return
        parser.push(decoder.decode(value, { stream: true }))
      }
    }
    catch {}
  })()

  async function waitFor(predicate: (events: StreamEvent[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!predicate(events)) {
      if (Date.now() > deadline)
        throw new Error(`stream: condition not met within ${timeoutMs} ms; got ${JSON.stringify(events).slice(0, 500)}`)
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }

  return {
    events,
    waitFor,
    headers: response.headers,
    /** settles when the server ends the stream or the connection drops */
    ended: done,
    /** events of one collection that carry the document with this id */
    eventsWith: (collection: string, id: string) => events.filter(e => e.collection === collection && e.documents.some(d => (d as { id: string }).id === id)),
    close: async () => {
      controller.abort()
      await done
    },
  }
}
