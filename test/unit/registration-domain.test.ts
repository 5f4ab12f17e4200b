import { describe, expect, it } from 'vitest'
import { emptyDraft, newCustomer, rankCandidates } from '../../src/domain/registration'
import { makeCustomer } from '../fixtures/docs'

const draft = (change: Partial<ReturnType<typeof emptyDraft>>) => ({ ...emptyDraft('it'), ...change })
const maria = makeCustomer({ id: 'c-maria', firstName: 'Maria', lastName: 'Rossi', email: 'maria.rossi@example.com', phone: '+39 333 123 4567' })
const other = makeCustomer({ id: 'c-other', firstName: 'Maria', lastName: 'Rossi', email: 'mr@example.org', phone: '+39 340 000 0000' })
const stranger = makeCustomer({ id: 'c-luca', firstName: 'Luca', lastName: 'Verdi', email: 'luca@example.com', phone: '+39 347 999 0000' })

describe('customers who look like the one being registered', () => {
  it.each([
    ['the same e-mail, whatever the case', { email: 'Maria.Rossi@Example.com' }, [['c-maria', 'email']]],
    ['the same phone written differently', { phone: '3331234567' }, [['c-maria', 'phone']]],
    ['the same name, e-mail first', { firstName: 'maria', lastName: 'rossi', email: 'maria.rossi@example.com' }, [['c-maria', 'email'], ['c-other', 'name']]],
    ['a first name alone is not a match', { firstName: 'Maria' }, []],
    ['nothing alike', { firstName: 'Anna', lastName: 'Neri', email: 'anna@example.com' }, []],
  ] as const)('%s', (_name, change, expected) => {
    expect(rankCandidates(draft(change), [maria, other, stranger]).map(c => [c.customer.id, c.reason])).toEqual(expected)
  })
})

describe('the new customer', () => {
  it('belongs to this store, starts at zero, with the consents captured now and its search keys', () => {
    const ctx = { associateId: 'assoc-mi-02', storeId: 'store-milano-duomo', now: '2026-11-22T10:00:00.000Z', currency: 'EUR' }
    const c = newCustomer('01JNEW', draft({ firstName: ' Zoë ', lastName: 'Müller', email: 'zoe@example.com', phone: '', consents: { email: true } }), ctx)
    expect(c).toMatchObject({ id: '01JNEW', firstName: 'Zoë', phone: null, homeStoreId: 'store-milano-duomo', lifetimeValueMinor: 0, tier: 'member', createdAt: ctx.now, nameKey: 'muler zoe', emailKey: 'zoe@example.com' })
    expect(c.consents).toEqual({ email: expect.objectContaining({ granted: true, capturedBy: 'assoc-mi-02', source: 'store-milano-duomo' }) })
  })
})
