/**
 * Reads and writes for the in-store profile edit. The write is an RxDB incrementalModify: the
 * associate's changes are applied to the document as stored at that instant (never to a
 * stale copy), and replication then merges with the server three-way.
 */
import type { EditContext, ProfileDraft } from '../domain/profile-edit'
import type { Advisor, CustomerDoc } from '../shared/types'
import type { ClientelingDatabase } from './types'
import { applyDraft } from '../domain/profile-edit'
import { getAppDatabase } from './app-database'
import { sortSizes } from '../domain/sizes'
import type { ProfileOptions } from '../models/catalogue'

export async function subscribeCustomer(customerId: string, observer: { next: (doc: CustomerDoc | null) => void, error: (e: unknown) => void }): Promise<() => void> {
  const db = await getAppDatabase()
  const sub = db.customers.findOne(customerId).$.subscribe({
    next: doc => observer.next(doc ? doc.toJSON() as CustomerDoc : null),
    error: observer.error,
  })
  return () => sub.unsubscribe()
}

export async function saveCustomerEdit(customerId: string, base: ProfileDraft, draft: ProfileDraft, ctx: EditContext, db?: ClientelingDatabase): Promise<CustomerDoc> {
  const doc = await (db ?? await getAppDatabase()).customers.findOne(customerId).exec()
  if (!doc)
    throw new Error(`Customer ${customerId} is not on this tablet.`)
  const saved = await doc.incrementalModify(current => applyDraft(current as CustomerDoc, base, draft, ctx))
  return saved.toJSON() as CustomerDoc
}

/** What the catalogue offers to pick from: the categories with their sizes, brands, colours. */
export async function loadProfileOptions(db?: ClientelingDatabase): Promise<ProfileOptions> {
  const products = await (db ?? await getAppDatabase()).products.find().exec()
  const sizes: Record<string, Set<string>> = {}
  const brands = new Set<string>()
  const colours = new Set<string>()
  for (const p of products) {
    brands.add(p.brand)
    p.colours.forEach(c => colours.add(c))
    if (p.sizes.length)
      p.sizes.forEach(s => (sizes[p.category] ??= new Set()).add(s))
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b))
  return {
    sizes: Object.fromEntries(Object.entries(sizes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortSizes(v)])),
    brands: sorted(brands),
    categories: sorted(new Set(products.map(p => p.category))),
    colours: sorted(colours),
  }
}

/**
 * An associate takes on a customer nobody looks after at this store yet: they become the
 * primary associate (the server refuses it if someone already is: that is a manager's change).
 */
export async function takeOnCustomer(customerId: string, storeId: string, associateId: string, db?: ClientelingDatabase): Promise<void> {
  const doc = await (db ?? await getAppDatabase()).customers.findOne(customerId).exec()
  if (!doc)
    throw new Error(`There is no customer ${customerId} on this tablet.`)
  const at = new Date().toISOString()
  await doc.incrementalModify((c) => {
    const advisors = c.advisors ?? []
    if (advisors.some(a => a.storeId === storeId && a.role === 'primary'))
      return c
    return { ...c, advisors: [...advisors, { storeId, associateId, role: 'primary' as const, setBy: associateId, setAt: at }], updatedAt: at }
  })
}

/**
 * A manager sets who looks after a customer at this store (primary and secondary, either may
 * be nobody). An unchanged role keeps who set it and when; other stores' advisors stay as they are.
 */
export async function setAdvisors(customerId: string, storeId: string, chosen: { primary: string | null, secondary: string | null }, managerId: string, db?: ClientelingDatabase): Promise<void> {
  const doc = await (db ?? await getAppDatabase()).customers.findOne(customerId).exec()
  if (!doc)
    throw new Error(`There is no customer ${customerId} on this tablet.`)
  const at = new Date().toISOString()
  await doc.incrementalModify((c) => {
    const all = c.advisors ?? []
    const here = (role: Advisor['role']): Advisor[] => {
      const associateId = chosen[role]
      if (!associateId)
        return []
      const same = all.find(a => a.storeId === storeId && a.role === role && a.associateId === associateId)
      return [same ?? { storeId, associateId, role, setBy: managerId, setAt: at }]
    }
    const advisors = [...all.filter(a => a.storeId !== storeId), ...here('primary'), ...here('secondary')]
    return { ...c, advisors, updatedAt: at }
  })
}
