/**
 * One e-mail address, as a receipt or a profile takes it: the HTML standard's "valid e-mail
 * address" (what an <input type=email> accepts), at most 254 characters. No display names,
 * comments, quoted local parts or lists, so "a@x.it, b@y.it" or "a@x.it;b@y.it" is never two
 * recipients for one receipt.
 */
const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value)
}
