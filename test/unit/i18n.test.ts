/**
 * Every message exists in Italian and in English, with the same placeholders: a screen never
 * shows a bare key or a `{name}` that was not filled in one of the two languages.
 */
import { describe, expect, it } from 'vitest'
import { messageCatalog } from '../../src/i18n/messages'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()

describe('the message catalogue', () => {
  it('has the same keys in Italian and in English', () => {
    const en = Object.keys(messageCatalog.en).sort()
    const it = Object.keys(messageCatalog.it).sort()
    expect(en.filter(k => !it.includes(k))).toEqual([])
    expect(it.filter(k => !en.includes(k))).toEqual([])
  })

  it('gives a message words in both languages or, on purpose, in neither, and the same placeholders', () => {
    // A state that shows nothing (a receipt being sent) is blank in both languages.
    const empty = Object.entries(messageCatalog.en).filter(([k, v]) => !v.trim() !== !messageCatalog.it[k]?.trim()).map(([k]) => k)
    expect(empty).toEqual([])
    const differing = Object.keys(messageCatalog.en).filter(k => JSON.stringify(placeholders(messageCatalog.en[k]!)) !== JSON.stringify(placeholders(messageCatalog.it[k] ?? '')))
    expect(differing).toEqual([])
  })
})
