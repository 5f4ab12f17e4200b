/**
 * A real SMTP server for tests (the `smtp-server` package on 127.0.0.1) that keeps every
 * message it accepted, and just enough MIME reading to check what a receipt says.
 */
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface Received { to: string[], raw: string }

export interface TestSmtp {
  port: number
  url: string
  received: Received[]
  /** starts listening (again) on `port` */
  up: () => Promise<void>
  /** stops listening: connections are refused, as when the mail server is down */
  down: () => Promise<void>
  /** recipients the server refuses with 550 */
  refuse: Set<string>
}

export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise(resolve => probe.close(resolve))
  return port
}

export async function startSmtp(options: { listening?: boolean } = {}): Promise<TestSmtp> {
  const port = await freePort()
  const received: Received[] = []
  const refuse = new Set<string>()
  let server: SMTPServer | null = null
  const smtp: TestSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    up: async () => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onRcptTo(address, _session, callback) {
          if (refuse.has(address.address)) {
            const error = new Error('mailbox unavailable') as Error & { responseCode: number }
            error.responseCode = 550
            return callback(error)
          }
          callback()
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map(r => r.address), raw: Buffer.concat(chunks).toString('utf8') })
            callback()
          })
        },
      })
      await new Promise<void>(resolve => server!.listen(port, '127.0.0.1', resolve))
    },
    down: async () => {
      await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()))
      server = null
    },
  }
  if (options.listening !== false)
    await smtp.up()
  return smtp
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = []
  const text = s.replace(/=\r?\n/g, '')
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    }
    else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** A header's value, unfolded, with RFC 2047 encoded words decoded. */
export function header(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ')
  const line = head.split(/\r?\n/).find(l => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  if (!line)
    return null
  return line.slice(name.length + 1).trim().replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')))
}

/** The decoded body of the first part with this content type. */
export function part(raw: string, type: 'text/plain' | 'text/html' | 'text/calendar'): string | null {
  const sections = raw.split(/\r?\n--[^\r\n]+/)
  for (const section of sections) {
    const [head = '', ...rest] = section.split(/\r?\n\r?\n/)
    if (!new RegExp(`content-type:\\s*${type.replace('/', '\\/')}`, 'i').test(head))
      continue
    const body = rest.join('\n\n')
    if (/content-transfer-encoding:\s*base64/i.test(head))
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head))
      return decodeQuotedPrintable(body)
    return body
  }
  return null
}
