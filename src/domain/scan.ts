/**
 * What a scanned code means at the lookup screen. Loyalty cards carry their id as a
 * barcode ("LOY12345678") or as a QR code, which may be the bare id or a link to the web
 * shop's card page; a product's EAN/UPC is recognised so the associate is told it is not a
 * card instead of "unknown code".
 */
import { loyaltyKey, parseSearchQuery } from '../shared/search'

export type ScanAction
  = | { kind: 'loyalty', key: string }
    | { kind: 'product', code: string }
    | { kind: 'unknown', text: string }

const URL_PARAMS = ['loyalty', 'loyaltyId', 'card', 'id', 'code']
const PRODUCT = /^(\d{8}|\d{12,14})$/

function asLoyalty(value: string): string | null {
  const text = value.trim()
  return text && parseSearchQuery(text).kind === 'loyalty' ? loyaltyKey(text) : null
}

function fromUrl(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  }
  catch {
    return null
  }
  for (const name of URL_PARAMS) {
    const key = asLoyalty(url.searchParams.get(name) ?? '')
    if (key)
      return key
  }
  const last = url.pathname.split('/').filter(Boolean).pop() ?? ''
  return asLoyalty(decodeURIComponent(last))
}

export function scanAction(decoded: string): ScanAction {
  // Scanners and QR payloads may carry control characters (GS separators, trailing CR/LF).

  const text = decoded.replace(/[\u0000-\u001F\u007F]/g, '').trim()
  const key = asLoyalty(text) ?? (/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? fromUrl(text) : null)
  if (key)
    return { kind: 'loyalty', key }
  if (PRODUCT.test(text))
    return { kind: 'product', code: text }
  return { kind: 'unknown', text: text.slice(0, 80) }
}
