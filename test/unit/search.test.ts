import { describe, expect, it } from 'vitest'
import { birthdayKey, customerKeys, emailKey, foldText, nameMatches, nameTokens, parseSearchQuery, phoneKey } from '../../src/shared/search'

const maria = customerKeys({ firstName: 'Maria', lastName: 'Rossi', email: null, phone: null, loyaltyId: 'loy 1234-5678' })

describe('foldText and nameTokens', () => {
  it.each([
    { name: 'folds accents and case', input: 'Niccolò', out: 'niccolo' },
    { name: 'spells out letters that do not decompose', input: 'Strauß Øster Łukasz', out: 'strauss oster lukasz' },
    { name: 'turns punctuation into single spaces', input: '  D\'Angelo -- Maria  ', out: 'd angelo maria' },
  ])('$name', ({ input, out }) => {
    expect(foldText(input)).toBe(out)
  })

  it('splits a name into folded tokens', () => {
    expect(nameTokens('  Maria-Grazia  De Luca ')).toEqual(['maria', 'grazia', 'de', 'luca'])
  })

  it('lets a typed prefix without the accent find Niccolò', () => {
    const key = customerKeys({ firstName: 'Niccolò', lastName: 'Bianchi', email: null, phone: null, loyaltyId: null }).nameKeyAlt
    expect(nameMatches(key, nameTokens('nicc'))).toBe(true)
    expect(nameMatches(key, nameTokens('nicolo'))).toBe(true)
    expect(nameMatches(key, nameTokens('bianki'))).toBe(false)
  })
})

describe('customerKeys and nameMatches', () => {
  it('builds the surname-first and first-name-first keys', () => {
    expect(maria).toEqual({ nameKey: 'rosi maria', nameKeyAlt: 'maria rosi', emailKey: '', phoneKey: '', loyaltyKey: 'LOY12345678', birthdayKey: '' })
  })

  it('keys a birthday as month and day, zero-padded, so a week of birthdays is one index range', () => {
    expect([birthdayKey({ month: 2, day: 9 }), birthdayKey({ month: 12, day: 25 }), birthdayKey(null)]).toEqual(['02-09', '12-25', ''])
  })

  it.each([
    { name: 'matches "ross mar" against Maria Rossi', query: 'ross mar', expected: true },
    { name: 'matches the tokens in either order', query: 'mar ross', expected: true },
    { name: 'does not match a token that prefixes no word', query: 'rossa', expected: false },
    { name: 'does not match when one of the tokens fails', query: 'ross giu', expected: false },
  ])('$name', ({ query, expected }) => {
    const parsed = parseSearchQuery(query)
    expect(parsed.kind).toBe('name')
    expect(parsed.kind === 'name' && nameMatches(maria.nameKey, parsed.tokens)).toBe(expected)
  })
})

describe('phoneKey and emailKey', () => {
  it.each(['+39 333 123 4567', '3331234567', '0039 333 1234567', '333 123 4567', '+39 (333) 123-4567', '333/1234567'])(
    'gives %s the key of the national number',
    (input) => {
      expect(phoneKey(input)).toBe('3331234567')
    },
  )

  it.each([
    { name: 'keeps a UK number\'s country code', input: '+44 20 7946 0958', out: '442079460958' },
    { name: 'reads 00 as the international prefix', input: '0044 20 7946 0958', out: '442079460958' },
    { name: 'keeps an Italian landline\'s leading zero', input: '+39 02 1234 5678', out: '0212345678' },
    { name: 'gives an empty key for no phone', input: null, out: '' },
  ])('$name', ({ input, out }) => {
    expect(phoneKey(input)).toBe(out)
  })

  it('trims and lowercases an e-mail address', () => {
    expect(emailKey('  Maria.Rossi@Example.COM ')).toBe('maria.rossi@example.com')
    expect(emailKey(null)).toBe('')
  })
})

describe('parseSearchQuery', () => {
  it.each([
    { name: 'treats blank input as empty', input: '   ', out: { kind: 'empty' } },
    { name: 'treats punctuation alone as empty', input: '!!!', out: { kind: 'empty' } },
    { name: 'reads anything with an @ as an e-mail', input: ' Maria.Rossi@Example.com ', out: { kind: 'email', key: 'maria.rossi@example.com' } },
    { name: 'reads letters then digits as a loyalty id', input: 'loy-123456', out: { kind: 'loyalty', key: 'LOY123456' } },
    { name: 'reads digits with phone punctuation as a phone number', input: '+39 333 123 4567', out: { kind: 'phone', key: '3331234567' } },
    { name: 'reads a partial phone number as a phone number', input: '3331', out: { kind: 'phone', key: '3331' } },
    { name: 'reads a number written the Italian way, with a slash, as a phone number', input: '366/2204213', out: { kind: 'phone', key: '3662204213' } },
    { name: 'reads words as folded name tokens', input: 'Niccolò  De Luca', out: { kind: 'name', tokens: ['nicolo', 'de', 'luca'] } },
  ])('$name', ({ input, out }) => {
    expect(parseSearchQuery(input)).toEqual(out)
  })
})
