/**
 * One error type for the whole product. `code` is kebab-case and machine-readable; the
 * message is a sentence a person can act on. `errorStatus` is the one place that maps
 * codes to HTTP statuses; the tablet reads the same table to tell a permanent rejection
 * (4xx: show it to the associate) from a transient failure (retry).
 */

export const errorStatus = {
  'invalid-json': 400,
  'invalid-request': 400,
  'invalid-document': 422,
  'invalid-event': 422,
  'invalid-text': 422,
  'invalid-template': 422,
  'invalid-hours': 422,
  'invalid-settings': 422,
  // A store sale the catalogue, the store or its managers contradict (sync-server/sync/order-rules.ts).
  'unknown-sku': 422,
  'wrong-price': 422,
  'unknown-discount-reason': 422,
  'discount-not-approved': 422,
  'wrong-vat-rate': 422,
  'wrong-currency': 422,
  'unknown-store': 422,
  'unauthorized': 401,
  'device-revoked': 401,
  'invalid-pin': 401,
  'session-required': 401,
  'bad-signature': 401,
  'forbidden': 403,
  'forbidden-store': 403,
  'manager-required': 403,
  'no-consent': 403,
  'contact-limit': 409,
  'out-of-scope': 403,
  'read-only-collection': 403,
  'immutable-field': 409,
  'delete-not-allowed': 409,
  'already-decided': 409,
  'customer-shared': 409,
  // The customer's booking page: someone else booked the time between the page and the click.
  'slot-taken': 409,
  'search-too-broad': 400,
  'reason-required': 400,
  'pin-too-short': 422,
  'not-found': 404,
  'unknown-collection': 404,
  'invalid-code': 400,
  'body-too-large': 413,
  'batch-too-large': 413,
  'headers-too-large': 431,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  'internal': 500,
  // Readiness (/readyz): a balancer sends this server nothing until it answers 200.
  'not-ready': 503,
} as const

export type ErrorCode = keyof typeof errorStatus

export interface ErrorBody {
  error: { code: ErrorCode, message: string, details?: Record<string, unknown> }
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
  }

  get status(): number {
    return errorStatus[this.code]
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } }
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in errorStatus
}
