/**
 * The sync-server's HTTP surface, without listening: tests build it on a random port,
 * main.ts on the configured one.
 */
import type { FastifyInstance } from 'fastify'
import type { Duplex } from 'node:stream'
import { join } from 'node:path'
import type { Config } from './core/config'
import type { Context } from './routes/context'
import { registerDeviceAuthentication } from './routes/context'
import type { Database } from './storage/db'
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import { AppError } from '../src/shared/errors'
import { safeError } from './core/log'
import { hasUnstorableText, unstorableTextAt } from '../src/shared/text'
import { registerMailRoutes } from './routes/mail'
import { registerReceiptRoutes } from './routes/receipts'
import { registerOutreachRoutes } from './routes/outreach'
import { registerAppointmentPages } from './routes/appointments'
import { registerAvailabilityRoutes } from './routes/availability'
import { registerLocalAdminRoutes } from './routes/local-admin'
import { registerContactCentreRoutes } from './routes/contact-centre'
import { registerOfficeRoutes } from './routes/office'
import { registerStaffRoutes } from './routes/staff'
import { registerOpenApi, registerOpenApiDocs } from './routes/openapi'
import { registerV1Routes } from './routes/v1'
import { registerTemplateRoutes } from './routes/templates'
import { registerCommerceRoutes } from './routes/commerce'
import { registerCustomerRoutes } from './routes/customers'
import { registerPrivacyRoutes } from './routes/privacy'
import { registerDeviceRoutes } from './routes/devices'
import { registerIdentityRoutes } from './routes/identity'
import { registerReportRoutes } from './routes/reports'
import { registerSessionRoutes } from './routes/sessions'
import { registerAppRoutes } from './routes/app'
import { registerErrorHandling } from './routes/errors'
import { registerProductRoutes } from './routes/products'
import { registerSyncRoutes } from './routes/sync'
import { StreamHub } from './sync/stream'
import type { Loops } from './loops'
import { startLoops } from './loops'
import { registerOperationsRoutes } from './routes/operations'

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string
  }
  interface FastifyInstance {
    appShell?: string
  }
}

export interface Server extends Omit<Loops, 'stop'> {
  app: FastifyInstance
  streams: StreamHub
  close: () => Promise<void>
}

/**
 * Only the app's own files run: no inline or foreign script, and no eval — the tablet's
 * validators are compiled when the app is built (scripts/generate-validators.ts), not in the
 * browser. One relaxation, for code we ship: 'wasm-unsafe-eval' for the barcode decoder's
 * WebAssembly. Styles may be inline (Vue binds style attributes); product images may come
 * from the shop's CDN.
 */
const CONTENT_SECURITY_POLICY = [
  'default-src \'self\'',
  'script-src \'self\' \'wasm-unsafe-eval\'',
  'style-src \'self\' \'unsafe-inline\'',
  'img-src \'self\' data: blob: https:',
  'connect-src \'self\'',
  'worker-src \'self\'',
  'manifest-src \'self\'',
  'media-src \'self\' blob:',
  'object-src \'none\'',
  'base-uri \'self\'',
  'form-action \'self\'',
  'frame-ancestors \'none\'',
].join('; ')

/**
 * A request Node could not even parse (headers too large, a malformed request line) gets the
 * same error shape as every other refusal, not Node's own bare body.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const [status, text, appError] = error.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'Request Header Fields Too Large', new AppError('headers-too-large', 'The request headers are larger than this server accepts.')]
    : [400, 'Bad Request', new AppError('invalid-request', 'The request could not be read as HTTP.')]
  const body = JSON.stringify(appError.toBody())
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`)
}

/** A request id a caller may choose: short, and nothing a log line could be made to say with it. */
const CALLER_REQUEST_ID = /^[\w.:-]{1,64}$/

function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && CALLER_REQUEST_ID.test(header) ? header : randomUUID()
}

/** `logStream`: where log lines go instead of stdout (tests read them back). */
export async function buildServer(db: Database, config: Config, options: { logger?: boolean, logStream?: { write: (line: string) => void }, localAdminToken?: string } = {}): Promise<Server> {
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    // The signed tokens of e-mail links (/u/…, /r/…) are longer than Fastify's 100-character default.
    routerOptions: { maxParamLength: 400 },
    // X-Forwarded-Proto (and the client's address) are believed only behind a proxy that sets them.
    trustProxy: config.trustProxy,
    clientErrorHandler: answerClientError,
    // Every log line of a request carries its id (`reqId`): the caller's X-Request-Id when it
    // is a plain token (a balancer's or a tablet's, to follow one request across systems),
    // otherwise one of ours; the response says which (the onSend hook below).
    requestIdHeader: false,
    genReqId: req => requestIdOf(req.headers['x-request-id']),
    // Search queries may carry e-mail addresses or phone numbers: never log URLs with them, nor
    // an error's data (./log.ts).
    logger: options.logger || options.logStream
      ? {
          ...(options.logStream ? { stream: options.logStream } : {}),
          serializers: { req: req => ({ method: req.method, url: req.url.split('?')[0] }), err: safeError },
        }
      : false,
  })
  const streams = new StreamHub(db, config.tabletHistoryMonths)
  await streams.start()
  const ctx: Context = { db, config, streams }

  // Keep the raw body: commerce signatures are over the exact bytes, and malformed JSON
  // must be a 400 with our error shape rather than a crash.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string
    request.rawBody = text
    if (!text.trim())
      return done(null, undefined)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    }
    catch {
      return done(new AppError('invalid-json', 'The request body is not valid JSON.'), undefined)
    }
    // Every body, whatever the route: a character the database can't store is bad input (422), never a 500.
    const at = unstorableTextAt(parsed)
    if (at !== null)
      return done(new AppError('invalid-text', `The field ${at} holds a character that cannot be stored (a NUL byte or half of a UTF-16 pair); remove it.`, { path: at }), undefined)
    done(null, parsed)
  })
  app.addHook('onRequest', async (request) => {
    let path: string
    try {
      path = decodeURIComponent(request.url)
    }
    catch {
      throw new AppError('invalid-request', 'The address is not valid percent-encoded UTF-8.')
    }
    if (hasUnstorableText(path))
      throw new AppError('invalid-request', 'The address holds a NUL character.')
  })
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/'))
      void reply.header('Cache-Control', 'no-store')
    // Pages that set their own policy (a receipt at /mail) keep it.
    if (!reply.hasHeader('Content-Security-Policy'))
      void reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    void reply.header('X-Request-Id', request.id)
    void reply.header('X-Content-Type-Options', 'nosniff')
    void reply.header('Referrer-Policy', 'no-referrer')
    // Over HTTPS (or behind a trusted proxy that terminated it), browsers must never come back over plain HTTP.
    if (request.protocol === 'https')
      void reply.header('Strict-Transport-Security', 'max-age=15552000; includeSubDomains')
  })
  app.addHook('preClose', async () => streams.stop())
  const servesApp = await registerAppRoutes(app, config.appDir)
  registerErrorHandling(app, servesApp)
  registerDeviceAuthentication(app, ctx)
  await registerOpenApi(app)

  const operations = registerOperationsRoutes(app, db)
  registerDeviceRoutes(app, ctx)
  registerSyncRoutes(app, ctx)
  registerCommerceRoutes(app, ctx)
  registerCustomerRoutes(app, ctx)
  registerPrivacyRoutes(app, ctx)
  registerProductRoutes(app, ctx)
  registerReceiptRoutes(app, ctx)
  registerSessionRoutes(app, ctx)
  registerIdentityRoutes(app, ctx)
  registerReportRoutes(app, ctx)
  registerOutreachRoutes(app, ctx)
  registerAppointmentPages(app, ctx)
  registerAvailabilityRoutes(app, ctx)
  registerStaffRoutes(app, ctx)
  registerOfficeRoutes(app, ctx)
  registerContactCentreRoutes(app, ctx)
  registerV1Routes(app, ctx)
  registerOpenApiDocs(app)
  if (options.localAdminToken)
    registerLocalAdminRoutes(app, ctx, options.localAdminToken)
  registerTemplateRoutes(app, ctx)
  const mailDir = join(config.dataDir, 'outbox')
  if (!config.smtpUrl && config.mailPreview)
    registerMailRoutes(app, mailDir)

  const loops = startLoops(db, config, mailDir, (error, pass) => app.log.error({ err: error }, `${pass} pass failed`))

  return {
    app,
    streams,
    ...loops,
    // A stop: readiness answers 503 at once; Fastify answers requests arriving meanwhile with 503
    // (the tablet retries them, through a balancer on another instance), ends the live streams
    // (the preClose hook above: each is a request that would hold the stop open forever), lets every
    // request in flight finish — a push is committed and answered, or not begun — and stops
    // listening; the loops finish their pass. The database is closed by the caller, after this.
    close: async () => {
      operations.markStopping()
      await Promise.all([app.close(), loops.stop()])
    },
  }
}
