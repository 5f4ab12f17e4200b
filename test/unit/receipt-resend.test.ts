import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useReceiptsStore } from '../../src/stores/receipts'

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('resending a receipt from the tablet', () => {
  it('refuses a malformed address before asking the server', async () => {
    expect(await useReceiptsStore().resend('ord-1', 'maria@')).toBe('invalid')
  })

  it('says the tablet is offline when it cannot reach the server, and changes nothing', async () => {
    const store = useReceiptsStore()
    expect(await store.resend('ord-1', 'maria@example.com')).toBe('offline')
    expect(store.states['ord-1']).toBe('offline')
  })
})
