/**
 * Finding a product during a visit: by name (accent-blind, word prefixes), exact SKU or
 * barcode, with this store's and the online shop's stock. The catalogue is small (a few
 * hundred products), so it is read once and searched in memory on every keystroke.
 */
import type { SyncProblem } from '../domain/problems'
import type { Catalogue } from '../db/visits'
import type { ProductHit } from '../models/catalogue'
import { classifySyncError } from '../domain/problems'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { loadCatalogue, searchCatalogue, stockFor } from '../db/visits'
import { useDeviceStore } from './device'

export type ProductSearchStatus = 'idle' | 'searching' | 'ready' | 'error'

export const useProductSearchStore = defineStore('productSearch', () => {
  /** what went wrong last (kind and code: a full disk is not a refused change), for the screen */
  const failure = ref<SyncProblem | null>(null)
  const query = ref('')
  const results = ref<ProductHit[]>([])
  const status = ref<ProductSearchStatus>('idle')
  /** sku → product name, for the visit's timeline */
  const names = ref<Record<string, string>>({})
  let catalogue: Promise<Catalogue> | null = null
  let generation = 0

  function loaded(): Promise<Catalogue> {
    if (!catalogue) {
      catalogue = loadCatalogue()
      catalogue.then((c) => {
        names.value = Object.fromEntries(c.products.map(p => [p.sku, p.name]))
      }, () => {
        catalogue = null
      })
    }
    return catalogue
  }

  async function search(text: string): Promise<void> {
    query.value = text
    const mine = ++generation
    if (!text.trim()) {
      results.value = []
      status.value = 'idle'
      return
    }
    status.value = 'searching'
    try {
      const products = searchCatalogue(await loaded(), text)
      const hits = await stockFor(useDeviceStore().storeId ?? '', products)
      // A slower answer to an older query must not overwrite the newer one.
      if (mine !== generation)
        return
      results.value = hits
      status.value = 'ready'
    }
    catch (error) {
      failure.value = classifySyncError(error)
      if (mine === generation)
        status.value = 'error'
    }
  }

  function clear(): void {
    generation++
    query.value = ''
    results.value = []
    status.value = 'idle'
  }

  /** Reads the catalogue ahead of the first search (and fills `names`). */
  async function prepare(): Promise<void> {
    await loaded().catch(() => undefined)
  }

  return { failure, query, results, status, names, search, clear, prepare }
})
