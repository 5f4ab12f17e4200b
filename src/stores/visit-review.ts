/**
 * The manager's visit review: filters over the visits the dashboard loaded, one visit opened
 * with its timeline, products, basket and receipt, and coaching comments (written locally,
 * replicated with the visit, shown to the associate on the customer's profile).
 */
import type { SyncProblem } from '../domain/problems'
import type { VisitFilters } from '../domain/visit-review'
import type { ProductDoc, VisitOutcome } from '../shared/types'
import { classifySyncError } from '../domain/problems'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { addVisitComment } from '../db/store-activity'
import { loadCatalogue } from '../db/visits'
import { toCsv } from '../domain/csv'
import { filterVisits, VISIT_CSV_HEADER, visitCsvRows } from '../domain/visit-review'
import { useManagerDashboardStore } from './manager-dashboard'
import { useSessionStore } from './session'

export type CommentState = 'idle' | 'saving' | 'error'

export const useVisitReviewStore = defineStore('visit-review', () => {
  /** what went wrong last (kind and code: a full disk is not a refused change), for the screen */
  const failure = ref<SyncProblem | null>(null)
  const dashboard = useManagerDashboardStore()
  const associateId = ref<string | null>(null)
  const outcome = ref<VisitOutcome | null>(null)
  const who = ref<VisitFilters['who']>('all')
  const customer = ref('')
  const products = shallowRef<Map<string, ProductDoc>>(new Map())
  const commentState = ref<CommentState>('idle')

  const orders = computed(() => new Map((dashboard.activity?.orders ?? []).map(o => [o.id, o])))
  const visits = computed(() => filterVisits(dashboard.activity?.visits ?? [], dashboard.storeId, {
    period: dashboard.period,
    associateId: associateId.value,
    outcome: outcome.value,
    who: who.value,
    customer: customer.value,
  }, dashboard.activity?.customerNames ?? {}))

  async function loadProducts(): Promise<void> {
    if (!products.value.size)
      products.value = new Map((await loadCatalogue()).products.map(p => [p.sku, p]))
  }

  function detail(visitId: string) {
    const visit = dashboard.activity?.visits.find(v => v.id === visitId) ?? null
    if (!visit)
      return null
    const interactions = (dashboard.activity?.interactions ?? []).filter(i => i.visitId === visitId).sort((a, b) => a.at.localeCompare(b.at))
    const order = visit.orderId ? orders.value.get(visit.orderId) ?? null : null
    const skus = [...new Set([...interactions.map(i => i.sku), ...(order?.lines ?? []).map(l => l.sku)].filter((s): s is string => !!s))]
    return { visit, interactions, order, products: skus.map(sku => products.value.get(sku) ?? { sku, name: sku }) }
  }

  async function comment(visitId: string, text: string): Promise<boolean> {
    if (!text.trim())
      return false
    commentState.value = 'saving'
    try {
      await addVisitComment(visitId, useSessionStore().associateId, text)
      await dashboard.load()
      commentState.value = 'idle'
      return true
    }
    catch (error) {
      failure.value = classifySyncError(error)
      commentState.value = 'error'
      return false
    }
  }

  function csv(): string {
    const names = { customers: dashboard.activity?.customerNames ?? {}, associates: dashboard.associateNames }
    return toCsv(VISIT_CSV_HEADER, visitCsvRows(visits.value, names, orders.value))
  }

  return { failure, associateId, outcome, who, customer, visits, products, commentState, loadProducts, detail, comment, csv }
})
