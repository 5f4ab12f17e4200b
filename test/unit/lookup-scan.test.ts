import { describe, expect, it } from 'vitest'
import { cameraError } from '../../src/components/scan/detector'
import { scanAction } from '../../src/domain/scan'

describe('scanAction', () => {
  it.each([
    { name: 'reads a loyalty barcode without the dash', text: 'LOY12345678' },
    { name: 'reads a loyalty QR code with the dash and a trailing newline', text: 'LOY-12345678\r\n' },
    { name: 'reads the card id from a link to the card page', text: 'https://shop.example/loyalty/LOY-12345678' },
    { name: 'reads the card id from a query parameter of a link', text: 'https://shop.example/card?card=loy-12345678&utm=x' },
  ])('$name', ({ text }) => {
    expect(scanAction(text)).toEqual({ kind: 'loyalty', key: 'LOY12345678' })
  })

  it('tells a product barcode apart from a card', () => {
    expect(scanAction('8001234567890')).toEqual({ kind: 'product', code: '8001234567890' })
  })

  it('reports anything else as unknown, shortened for the message', () => {
    expect(scanAction('https://example.com/hello')).toEqual({ kind: 'unknown', text: 'https://example.com/hello' })
    const long = scanAction('x'.repeat(500))
    expect(long.kind === 'unknown' && long.text.length).toBe(80)
  })
})

describe('cameraError', () => {
  it.each([
    { name: 'NotAllowedError', expected: 'denied' },
    { name: 'NotFoundError', expected: 'noCamera' },
    { name: 'OverconstrainedError', expected: 'noCamera' },
    { name: 'NoCamera', expected: 'noCamera' },
    { name: 'NotReadableError', expected: 'failed' },
  ])('turns $name into "$expected"', ({ name, expected }) => {
    expect(cameraError(new DOMException('x', name))).toBe(expected)
  })

  it('treats anything else as a failure to retry', () => {
    expect(cameraError(null)).toBe('failed')
  })
})
