import { describe, expect, it } from 'vitest'
import { unstorableTextAt } from '../../src/shared/text'

describe('text the database cannot store', () => {
  it('is found by its JSON pointer, in values and keys', () => {
    expect(unstorableTextAt([{ newDocumentState: { notes: ['ok', 'a\u0000b'] } }])).toBe('/0/newDocumentState/notes/1')
    expect(unstorableTextAt({ 'a/b': { 'x\u0000': 1 } })).toBe('/a~1b/x\u0000')
    expect(unstorableTextAt({ name: 'Zo\uD800' })).toBe('/name')
    expect(unstorableTextAt({ name: 'Zo\uDC00ë' })).toBe('/name')
  })

  it('lets every other character through, emoji pairs included', () => {
    expect(unstorableTextAt({ name: 'Zoë 😀 Müller', n: 3, ok: true, none: null })).toBeNull()
  })
})
