/**
 * Customers recently opened on this tablet, newest first, so the next one is a tap away.
 * Only ids are kept (in localStorage, device-local): the names are read from the local
 * database when shown, so nothing personal outlives a customer's erasure or a device reset.
 */
import type { CustomerSummary } from '../models/customer'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getCustomersByIds } from '../db/customers'

export const RECENT_KEY = 'clienteling.recentCustomers'
export const RECENT_MAX = 8

function readIds(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]')
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, RECENT_MAX) : []
  }
  catch {
    return []
  }
}

export const useRecentStore = defineStore('recent', () => {
  const ids = ref<string[]>(readIds())
  const customers = ref<CustomerSummary[]>([])

  function save(): void {
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify(ids.value))
    }
    catch {
      // A full or blocked localStorage only costs the shortcut list, never customer data.
    }
  }

  function remember(customerId: string): void {
    ids.value = [customerId, ...ids.value.filter(id => id !== customerId)].slice(0, RECENT_MAX)
    save()
  }

  async function load(): Promise<void> {
    const wanted = [...ids.value]
    const found = await getCustomersByIds(wanted)
    customers.value = found
    // Forget customers who left this tablet (erased, or no longer in the store's book).
    if (found.length !== wanted.length && wanted.every((id, i) => ids.value[i] === id)) {
      ids.value = found.map(c => c.id)
      save()
    }
  }

  function clear(): void {
    ids.value = []
    customers.value = []
    save()
  }

  return { ids, customers, remember, load, clear }
})
