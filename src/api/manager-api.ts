/**
 * The manager's online calls: a server-checked session (the PIN sent once, over the
 * enrolled device's connection) and what only a manager may read or decide. Personal data
 * travels in bodies, never in URLs.
 */
import type { Kpis, Period } from '../domain/kpis'
import type { StorePin } from '../shared/protocol'
import type { Tier } from '../shared/types'
import type { ServerContext } from './customers'
import { requestJson } from './http'
import { http } from './customers'

export interface ManagerSession { token: string, expiresAt: string, associateId: string, role: 'associate' | 'manager' }

export interface ReviewPerson {
  id: string
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  homeStoreId: string | null
  createdAt: string
  tier: Tier
  loyaltyId: string | null
  /** the latest visit or purchase in any channel */
  lastSeenAt: string | null
}

export interface IdentityReview { id: string, reason: string, createdAt: string, a: ReviewPerson, b: ReviewPerson }

export interface IdentityMerge {
  id: string
  mergedId: string
  reason: 'email' | 'phone' | 'manager'
  trigger: string
  decidedBy: string
  decidedByName: string | null
  createdAt: string
  survivor: ReviewPerson | null
}

const withSession = (token: string) => ({ 'X-Associate-Session': token })

export function startManagerSession(ctx: ServerContext, associateId: string, pin: string): Promise<ManagerSession> {
  return requestJson(http(ctx), '/api/sessions', { method: 'POST', body: { associateId, pin } })
}

export async function endManagerSession(ctx: ServerContext, token: string): Promise<void> {
  await requestJson(http(ctx), '/api/sessions/current', { method: 'DELETE', headers: withSession(token) })
}

export async function listIdentityReviews(ctx: ServerContext, token: string): Promise<IdentityReview[]> {
  return (await requestJson<{ reviews: IdentityReview[] }>(http(ctx), '/api/identity/reviews', { headers: withSession(token) })).reviews
}

export async function decideIdentityReview(ctx: ServerContext, token: string, id: string, decision: 'merge' | 'dismiss'): Promise<void> {
  await requestJson(http(ctx), `/api/identity/reviews/${encodeURIComponent(id)}`, { method: 'POST', body: { decision }, headers: withSession(token) })
}

/** Pins of customers into or out of the manager's stores, newest first (90 days). */
export async function listStorePins(ctx: ServerContext, token: string): Promise<StorePin[]> {
  return (await requestJson<{ pins: StorePin[] }>(http(ctx), '/api/pins', { headers: withSession(token) })).pins
}

export async function listIdentityMerges(ctx: ServerContext, token: string): Promise<IdentityMerge[]> {
  return (await requestJson<{ merges: IdentityMerge[] }>(http(ctx), '/api/identity/merges', { headers: withSession(token) })).merges
}

export interface StoreKpiReport { storeId: string, name: string, store: Kpis, associates: Record<string, Kpis> }

/** The server's KPIs, in SQL, for every store the manager answers for. */
export async function fetchKpiReport(ctx: ServerContext, token: string, period: Period, asOf: string): Promise<StoreKpiReport[]> {
  const q = new URLSearchParams({ from: period.from, to: period.to, asOf })
  return (await requestJson<{ stores: StoreKpiReport[] }>(http(ctx), `/api/reports/kpis?${q}`, { headers: withSession(token) })).stores
}

export interface StoreDevice { id: string, name: string, createdAt: string, lastSeenAt: string | null, revokedAt: string | null, current: boolean }

export async function listStoreDevices(ctx: ServerContext, token: string): Promise<StoreDevice[]> {
  return (await requestJson<{ devices: StoreDevice[] }>(http(ctx), '/api/devices', { headers: withSession(token) })).devices
}

export async function revokeStoreDevice(ctx: ServerContext, token: string, id: string): Promise<void> {
  await requestJson(http(ctx), `/api/devices/${encodeURIComponent(id)}/revoke`, { method: 'POST', body: {}, headers: withSession(token) })
}

export interface AuditEntry { at: string, action: string, detail: string | null, associateId: string | null, associateName: string | null, deviceName: string | null }

export async function fetchCustomerAudit(ctx: ServerContext, token: string, customerId: string): Promise<AuditEntry[]> {
  return (await requestJson<{ entries: AuditEntry[] }>(http(ctx), `/api/customers/${encodeURIComponent(customerId)}/audit`, { headers: withSession(token) })).entries
}

/** The customer's right to be forgotten, taken in store: the server erases, every tablet follows at its next sync. */
/** `confirmShared`: the manager confirmed erasing a customer other stores serve too (the server asks once). */
export async function eraseCustomerData(ctx: ServerContext, token: string, customerId: string, confirmShared = false): Promise<void> {
  await requestJson(http(ctx), `/api/customers/${encodeURIComponent(customerId)}/erase`, { method: 'POST', body: confirmShared ? { confirmShared } : {}, headers: withSession(token) })
}
