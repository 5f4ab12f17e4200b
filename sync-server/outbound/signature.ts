import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from '../../src/shared/errors'

export function sign(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`
}

/** Verifies `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>` in constant time. */
export function verifySignature(secret: string | undefined, rawBody: string, header: string | undefined): void {
  if (!secret)
    throw new AppError('bad-signature', 'Commerce events are disabled: the server has no COMMERCE_SECRET.')
  const expected = Buffer.from(sign(secret, rawBody))
  const given = Buffer.from(header ?? '')
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('bad-signature', 'The X-Signature header does not match the body signed with the shared secret.')
}
