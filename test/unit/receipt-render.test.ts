import { describe, expect, it } from 'vitest'
import { renderReceipt } from '../../sync-server/mail/render'
import { receiptInput } from '../fixtures/receipt'

describe('the e-mail receipt', () => {
  it.each([
    ['it', 'La tua ricevuta Milano Duomo del 22 nov 2026', ['Ciao Maria,', 'Ti ha servito Giulia.', 'Taglia 39', 'Sconto articolo danneggiato', 'IVA 22 % inclusa', '414,00', 'Carta', 'Hai provato', 'Ti abbiamo consigliato']],
    ['en', 'Your Milano Duomo receipt of 22 Nov 2026', ['Hello Maria,', 'You were served by Giulia.', 'Size 39', 'Discount damaged item', 'incl. VAT 22 %', '414.00', 'Card', 'You tried', 'We recommended']],
  ] as const)('in %s: subject, greeting, lines, discount, VAT, total, payment and the visit in both parts', (language, subject, phrases) => {
    const r = renderReceipt(receiptInput({}, language))
    expect(r.subject).toBe(subject)
    for (const phrase of phrases) {
      expect(r.text).toContain(phrase)
      expect(r.html).toContain(phrase)
    }
    expect(r.html).toContain(`<html lang="${language}">`)
    expect(r.text).toContain('01JRECEIPT0000000000000001')
  })

  it.each([
    ['it', 'Pagamento: Misto (Carta 300,00\u00A0€ · Contanti 114,00\u00A0€)'],
    ['en', 'Payment: Mixed (Card €300.00 · Cash €114.00)'],
  ] as const)('in %s: a mixed payment with how it was split', (language, expected) => {
    const input = receiptInput({}, language)
    const r = renderReceipt({ ...input, order: { ...input.order, paymentMethod: 'mixed', payments: [{ method: 'card', amountMinor: 30_000 }, { method: 'cash', amountMinor: 11_400 }] } })
    expect(r.text).toContain(expected)
    expect(r.html).toContain(expected.slice(expected.indexOf(': ') + 2))
  })

  it('shows the date in the store\'s time zone', () => {
    expect(renderReceipt(receiptInput()).text).toContain('11:42')
  })

  it('links what was tried and recommended to the products online', () => {
    const { html, text } = renderReceipt(receiptInput())
    expect(html).toContain('href="https://shop.example.com/p/SKU-C"')
    expect(text).toContain('https://shop.example.com/p/SKU-D')
  })

  it('escapes data, and carries no script, stylesheet or external font', () => {
    const { html } = renderReceipt(receiptInput({ customerFirstName: '<img src=x onerror=alert(1)>' }))
    expect(html).toContain('Borsa a spalla &lt;Riviera&gt;')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toMatch(/<script|<style|<link/i)
  })

  it('carries marketing only for a customer who granted e-mail consent', () => {
    expect(renderReceipt(receiptInput({ emailConsent: false })).html).not.toContain('novità della stagione')
    expect(renderReceipt(receiptInput({ emailConsent: true })).html).toContain('novità della stagione')
  })

  it('greets a walk-in customer without a name and leaves out an empty visit section', () => {
    const { text } = renderReceipt(receiptInput({ customerFirstName: null, visitItems: [] }))
    expect(text.startsWith('Buongiorno,')).toBe(true)
    expect(text).not.toContain('Dalla tua visita')
  })
})
