/** Reads the device's live stream the way the tablet does: fetch with a bearer token, SSE framing. */
import type { Checkpoint, StreamEvent } from '../../src/shared/protocol'
import { createSseParser } from '../../src/shared/sse'
import { apiClient } from './client'

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

/**
 * A tablet's live side of one collection, through a balancer that may lose an instance: a
 * stream, and on every (re)connection a pull from the last checkpoint it knows (what it may
 * have missed while disconnected), as the tablet's replication does after a stream error.
 */
export function followStream(url: string, token: string, collection: string, options: { from?: Checkpoint | null, onDocument?: (doc: { id: string }) => void } = {}) {
  const seen = new Set<string>()
  let checkpoint = options.from ?? null
  let reconnects = -1
  let stopped = false
  const see = (doc: { id: string }) => {
    seen.add(doc.id)
    options.onDocument?.(doc)
  }
  let markConnected = () => {}
  /** the stream is open and the pull after it caught up (the first time) */
  const connected = new Promise<void>(resolve => markConnected = resolve)
  const loop = (async () => {
    while (!stopped) {
      reconnects += 1
      try {
        const stream = await openStream(url, token)
        for (;;) {
          const page = await apiClient(url, token).pull(collection, checkpoint, 500)
          if (page.status !== 200)
            throw new Error(`pull ${collection}: ${page.status}`)
          page.body.documents.forEach(see)
          checkpoint = page.body.checkpoint ?? checkpoint
          if (page.body.documents.length < 500)
            break
        }
        markConnected()
        let read = 0
        const collect = () => {
          for (const event of stream.events.slice(read)) {
            if (event.collection === collection) {
              event.documents.forEach(d => see(d as { id: string }))
              checkpoint = event.checkpoint
            }
          }
          read = stream.events.length
        }
        while (!stopped && await Promise.race([stream.ended.then(() => false), pause(20).then(() => true)]))
          collect()
        collect()
        await stream.close()
      }
      catch {
        await pause(100)
      }
    }
  })()
  return {
    seen,
    connected,
    reconnects: () => reconnects,
    stop: async () => {
      stopped = true
      await loop
    },
  }
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
