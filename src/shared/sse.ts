/**
 * An incremental Server-Sent Events parser (the WHATWG "event stream" grammar), fed with
 * whatever text chunks the network delivers. It exists because the tablet reads the sync
 * stream with fetch (browsers' EventSource can't send an Authorization header, Node 20 has
 * none), so the framing is ours to do. Pure: no DOM, no Node.
 */

export interface SseEvent {
  /** the `event:` field, 'message' when absent */
  event: string
  /** the `data:` lines joined with '\n' */
  data: string
  /** the last `id:` seen on the stream (it persists across events, as in EventSource) */
  id?: string
}

export interface SseParser {
  push(chunk: string): void
}

export function createSseParser(onEvent: (e: SseEvent) => void): SseParser {
  let buffer = ''
  // A chunk may end between the '\r' and '\n' of one line break: remember to skip the '\n'.
  let skipLeadingLf = false
  let first = true
  let data: string[] = []
  let eventType = ''
  let lastId: string | undefined

  function dispatch() {
    // Spec: an event without any data line is dropped, and its event type forgotten.
    if (data.length > 0)
      onEvent({ event: eventType || 'message', data: data.join('\n'), ...(lastId !== undefined ? { id: lastId } : {}) })
    data = []
    eventType = ''
  }

  function line(text: string) {
    if (text === '') {
      dispatch()
      return
    }
    // Comments (': heartbeat') only keep the connection warm.
    if (text.startsWith(':'))
      return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.startsWith(' '))
      value = value.slice(1)
    if (field === 'data')
      data.push(value)
    else if (field === 'event')
      eventType = value
    else if (field === 'id' && !value.includes('\0'))
      lastId = value
    // 'retry' and unknown fields are ignored: reconnection timing is the client's own.
  }

  return {
    push(chunk: string) {
      if (chunk.length === 0)
        return
      if (first) {
        first = false
        if (chunk.startsWith('\uFEFF'))
          chunk = chunk.slice(1)
      }
      if (skipLeadingLf) {
        skipLeadingLf = false
        if (chunk.startsWith('\n'))
          chunk = chunk.slice(1)
      }
      // Only the new text is scanned: a large event split over many chunks stays linear.
      let i = buffer.length
      buffer += chunk
      let start = 0
      for (; i < buffer.length; i++) {
        const ch = buffer[i]
        if (ch !== '\n' && ch !== '\r')
          continue
        line(buffer.slice(start, i))
        if (ch === '\r') {
          if (i + 1 === buffer.length)
            skipLeadingLf = true
          else if (buffer[i + 1] === '\n')
            i++
        }
        start = i + 1
      }
      buffer = buffer.slice(start)
    },
  }
}
