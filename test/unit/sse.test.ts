import type { SseEvent } from '../../src/shared/sse'
import { describe, expect, it } from 'vitest'
import { createSseParser } from '../../src/shared/sse'

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = []
  const parser = createSseParser(e => events.push(e))
  for (const chunk of chunks)
    parser.push(chunk)
  return events
}

const msg = (data: string, extra: Partial<SseEvent> = {}): SseEvent => ({ event: 'message', data, ...extra })

const cases: { name: string, input: string, expected: SseEvent[] }[] = [
  { name: 'one event', input: 'data: {"a":1}\n\n', expected: [msg('{"a":1}')] },
  { name: 'CRLF line breaks', input: 'data: x\r\n\r\ndata: y\r\n\r\n', expected: [msg('x'), msg('y')] },
  { name: 'CR-only line breaks', input: 'data: x\r\rdata: y\r\r', expected: [msg('x'), msg('y')] },
  { name: 'mixed line breaks', input: 'data: a\r\ndata: b\rdata: c\n\r\n', expected: [msg('a\nb\nc')] },
  { name: 'multi-line data', input: 'data: one\ndata: two\ndata:\ndata:  three\n\n', expected: [msg('one\ntwo\n\n three')] },
  { name: 'no space after colon', input: 'data:x\n\n', expected: [msg('x')] },
  { name: 'field without colon is an empty value', input: 'data\ndata\n\n', expected: [msg('\n')] },
  { name: 'comments are heartbeats, not events', input: ': ping\n\n:\n\ndata: x\n: mid-event comment\n\n', expected: [msg('x')] },
  { name: 'event type', input: 'event: sync\ndata: x\n\ndata: y\n\n', expected: [msg('x', { event: 'sync' }), msg('y')] },
  { name: 'event without data is dropped with its type', input: 'event: lost\n\ndata: x\n\n', expected: [msg('x')] },
  { name: 'id persists across events', input: 'id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n', expected: [msg('a', { id: '7' }), msg('b', { id: '7' }), msg('c', { id: '' })] },
  { name: 'id with NUL is ignored', input: 'id: a\0b\ndata: x\n\n', expected: [msg('x')] },
  { name: 'retry and unknown fields are ignored', input: 'retry: 100\nfoo: bar\ndata: x\n\n', expected: [msg('x')] },
  { name: 'incomplete event at the end is not dispatched', input: 'data: a\n\ndata: b\n', expected: [msg('a')] },
  { name: 'leading BOM is skipped', input: '\uFEFFdata: x\n\n', expected: [msg('x')] },
  { name: 'BOM elsewhere is data', input: 'data: \uFEFFx\n\n', expected: [msg('\uFEFFx')] },
  { name: 'unicode payload', input: 'data: {"name":"Niccolò 🛍"}\n\n', expected: [msg('{"name":"Niccolò 🛍"}')] },
]

describe('createSseParser', () => {
  it.each(cases)('$name (one chunk)', ({ input, expected }) => {
    expect(parse([input])).toEqual(expected)
  })

  it.each(cases)('$name (one character per chunk)', ({ input, expected }) => {
    expect(parse([...input])).toEqual(expected)
  })

  it.each(cases)('$name (split in two at every position)', ({ input, expected }) => {
    for (let i = 0; i <= input.length; i++)
      expect(parse([input.slice(0, i), input.slice(i)]), `split at ${i}`).toEqual(expected)
  })

  it('does not swallow a \\n that follows a chunk made only of \\n after \\r', () => {
    // '\r' | '\n' | '\n': CRLF, then an empty line that ends the event.
    expect(parse(['data: x\r', '\n', '\n'])).toEqual([msg('x')])
  })

  it('ignores empty chunks', () => {
    expect(parse(['', 'data: x\r', '', '\n\n', ''])).toEqual([msg('x')])
  })

  it('parses a long event delivered in many chunks', () => {
    const data = JSON.stringify({ collection: 'customers', documents: Array.from({ length: 500 }, (_, i) => ({ id: `c${i}` })) })
    const input = `data: ${data}\n\n`
    const chunks = input.match(/[\s\S]{1,97}/g) ?? []
    const events = parse(chunks)
    expect(events).toHaveLength(1)
    expect(JSON.parse(events[0]!.data)).toEqual(JSON.parse(data))
  })
})
