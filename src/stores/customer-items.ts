/**
 * Adding to and removing from a customer's own online cart and wishlist, as the signed-in
 * associate. The screens ask the customer's consent before calling `add`; the change is
 * attributed to the associate and, inside a visit, logged on it.
 */
import type { ItemListKind } from '../db/customer-items'
import type { CartItem, VisitDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { addItem, removeItem } from '../db/customer-items'
import { useSessionStore } from './session'

export type ItemsStatus = 'idle' | 'saving' | 'error'

export interface AddInput {
  customerId: string
  sku: string
  /** '' for one-size products */
  size: string
  visit: VisitDoc | null
}

export const useCustomerItemsStore = defineStore('customer-items', () => {
  const status = ref<ItemsStatus>('idle')

  async function run(work: () => Promise<void>): Promise<void> {
    status.value = 'saving'
    try {
      await work()
      status.value = 'idle'
    }
    catch (e) {
      status.value = 'error'
      throw e
    }
  }

  function add(kind: ItemListKind, input: AddInput): Promise<void> {
    const associateId = useSessionStore().associateId
    return run(() => addItem(kind, { ...input, associateId }))
  }

  function remove(kind: ItemListKind, customerId: string, item: Pick<CartItem, 'sku' | 'size'>): Promise<void> {
    return run(() => removeItem(kind, customerId, item))
  }

  return { status, add, remove }
})
