import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError } from '../../src/shared/errors'

/** Every failure leaves as {"error": {"code", "message"}} with the status errorStatus maps it to. */
export function registerErrorHandling(app: FastifyInstance, servesApp = false): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = error instanceof AppError ? error : fromFastify(error)
    if (appError.code === 'internal')
      // Which tablet, not what it sent: the error itself goes through safeError (../log.ts).
      request.log.error({ err: error, device: request.device?.id }, 'request failed')
    const retryAfter = (appError.details as { retryAfterS?: number } | undefined)?.retryAfterS
    if (typeof retryAfter === 'number')
      void reply.header('Retry-After', String(retryAfter))
    // A revoked tablet's browser drops the origin's storage and caches itself too.
    if (appError.code === 'device-revoked')
      void reply.header('Clear-Site-Data', '"cache", "storage"')
    void reply.status(appError.status).header('Cache-Control', 'no-store').send(appError.toBody())
  })
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the tablet app (/customers/…, /lock) open the app shell.
    if (servesApp && request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html'))
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(app.appShell)
    void reply.status(404).send(nothingAt(request).toBody())
  })
}

/** What an address no route answers gets, wherever that is found out. */
export function nothingAt(request: { method: string, url: string }): AppError {
  return new AppError('not-found', `There is nothing at ${request.method} ${request.url.split('?')[0]}.`)
}

function fromFastify(error: FastifyError): AppError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('body-too-large', 'The request body is larger than this server accepts; send smaller batches.')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported-media-type', 'Send the body as application/json.')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid-json', 'The request body is empty; it must be JSON.')
  }
  if (error.validation)
    return new AppError('invalid-request', `The request is not valid: ${error.message}.`)
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new AppError('invalid-request', error.message)
  return new AppError('internal', 'Something went wrong on the server; the request was not applied.')
}
