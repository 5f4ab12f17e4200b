import { describe, expect, it } from 'vitest'
import { CONSENT_IN_STORE, interactionNote } from '../../src/domain/interactions'

describe('what an associate reads of an interaction\'s text', () => {
  it.each([
    ['a note shows what was typed', { type: 'note', text: 'Cerca un regalo' }, { kind: 'quote', text: 'Cerca un regalo' }],
    ['a follow-up shows what was typed', { type: 'follow_up', text: 'Chiamare' }, { kind: 'quote', text: 'Chiamare' }],
    ['a cart addition shows the customer agreed', { type: 'added_to_cart', text: CONSENT_IN_STORE }, { kind: 'consent' }],
    ['a wishlist addition shows the customer agreed', { type: 'added_to_wishlist', text: CONSENT_IN_STORE }, { kind: 'consent' }],
    ['a purchase does not show its order id as text', { type: 'purchase', text: '01JORDER' }, null],
    ['no text, nothing', { type: 'note', text: null }, null],
  ] as const)('%s', (_name, input, expected) => {
    expect(interactionNote(input)).toEqual(expected)
  })
})
