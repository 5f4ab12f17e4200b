/**
 * The manager's online calls: a server-checked session (the PIN sent once, over the
 * enrolled device's connection) and what only a manager may read or decide. Personal data
 * travels in bodies, never in URLs.
 */
import type { AuditEntry, IdentityDecision, IdentityMerge, IdentityReview, ManagedStore, ManagerSession, Period, StaffMember, StoreDevice, StoreKpiReport, StoreLogEntry } from '../shared/endpoints'
import type { StorePin } from '../shared/protocol'
import type { AppointmentPurpose, Role, StoreHours, StoreSettings, StoreTemplate, WeeklyHours } from '../shared/types'
import type { ServerContext } from './customers'
import { callEndpoint } from './http'
import { http } from './customers'

const withSession = (token: string) => ({ 'X-Associate-Session': token })

export function startManagerSession(ctx: ServerContext, associateId: string, pin: string): Promise<ManagerSession> {
  return callEndpoint(http(ctx), 'POST /api/sessions', { body: { associateId, pin } })
}

export async function endManagerSession(ctx: ServerContext, token: string): Promise<void> {
  await callEndpoint(http(ctx), 'DELETE /api/sessions/current', { headers: withSession(token) })
}

export async function listIdentityReviews(ctx: ServerContext, token: string): Promise<IdentityReview[]> {
  return (await callEndpoint(http(ctx), 'GET /api/identity/reviews', { headers: withSession(token) })).reviews
}

export async function decideIdentityReview(ctx: ServerContext, token: string, id: string, decision: IdentityDecision): Promise<void> {
  await callEndpoint(http(ctx), 'POST /api/identity/reviews/:id', { params: { id }, body: { decision }, headers: withSession(token) })
}

/** Pins of customers into or out of the manager's stores, newest first (90 days). */
export async function listStorePins(ctx: ServerContext, token: string): Promise<StorePin[]> {
  return (await callEndpoint(http(ctx), 'GET /api/pins', { headers: withSession(token) })).pins
}

export async function listIdentityMerges(ctx: ServerContext, token: string): Promise<IdentityMerge[]> {
  return (await callEndpoint(http(ctx), 'GET /api/identity/merges', { headers: withSession(token) })).merges
}

/** The server's KPIs, in SQL, for every store the manager answers for. */
export async function fetchKpiReport(ctx: ServerContext, token: string, period: Period, asOf: string): Promise<StoreKpiReport[]> {
  return (await callEndpoint(http(ctx), 'GET /api/reports/kpis', { query: { from: period.from, to: period.to, asOf }, headers: withSession(token) })).stores
}

export async function listStoreDevices(ctx: ServerContext, token: string): Promise<StoreDevice[]> {
  return (await callEndpoint(http(ctx), 'GET /api/devices', { headers: withSession(token) })).devices
}

export async function revokeStoreDevice(ctx: ServerContext, token: string, id: string): Promise<void> {
  await callEndpoint(http(ctx), 'POST /api/devices/:id/revoke', { params: { id }, body: {}, headers: withSession(token) })
}

export async function fetchCustomerAudit(ctx: ServerContext, token: string, customerId: string): Promise<AuditEntry[]> {
  return (await callEndpoint(http(ctx), 'GET /api/customers/:id/audit', { params: { id: customerId }, headers: withSession(token) })).entries
}

/**
 * The customer's right to be forgotten, taken in store: the server erases, every tablet follows
 * at its next sync. `confirmShared`: the manager confirmed erasing a customer other stores
 * serve too (the server asks once).
 */
export async function eraseCustomerData(ctx: ServerContext, token: string, customerId: string, confirmShared = false): Promise<void> {
  await callEndpoint(http(ctx), 'POST /api/customers/:id/erase', { params: { id: customerId }, body: confirmShared ? { confirmShared } : {}, headers: withSession(token) })
}

/** Replaces the store's message templates (the manager's editor); the tablets get them with the store's document. */
export async function saveStoreTemplates(ctx: ServerContext, token: string, templates: Pick<StoreTemplate, 'id' | 'name' | 'subject' | 'body'>[]): Promise<StoreTemplate[]> {
  return (await callEndpoint(http(ctx), 'PUT /api/store/templates', { body: { templates }, headers: withSession(token) })).templates
}

/** The store's opening hours for appointments (the manager's availability screen). */
export async function saveStoreHours(ctx: ServerContext, token: string, hours: StoreHours): Promise<StoreHours> {
  return (await callEndpoint(http(ctx), 'PUT /api/store/hours', { body: { hours }, headers: withSession(token) })).hours
}

/** The last changes to how the store runs, newest first. */
export async function readStoreLog(ctx: ServerContext, token: string): Promise<StoreLogEntry[]> {
  return (await callEndpoint(http(ctx), 'GET /api/store/log', { headers: withSession(token) })).entries
}

/** The store's settings, all of them at once. */
export async function saveStoreSettings(ctx: ServerContext, token: string, settings: Required<StoreSettings>): Promise<StoreSettings> {
  return (await callEndpoint(http(ctx), 'PUT /api/store/settings', { body: { settings }, headers: withSession(token) })).settings
}

/** An associate's specialties and working week (null: the store's hours). */
export async function saveAssociateAvailability(ctx: ServerContext, token: string, associateId: string, input: { specialties: AppointmentPurpose[], workingHours: WeeklyHours | null }): Promise<void> {
  await callEndpoint(http(ctx), 'PUT /api/associates/:id/availability', { params: { id: associateId }, body: input, headers: withSession(token) })
}

/** A new one-time enrollment code for this store (shown once). */
export async function createEnrollCode(ctx: ServerContext, token: string): Promise<{ id: string, code: string, expiresAt: string }> {
  return callEndpoint(http(ctx), 'POST /api/devices/codes', { body: {}, headers: withSession(token) })
}

export async function listEnrollCodes(ctx: ServerContext, token: string): Promise<{ id: string, createdAt: string, createdBy: string | null, expiresAt: string }[]> {
  return (await callEndpoint(http(ctx), 'GET /api/devices/codes', { headers: withSession(token) })).codes
}

export async function cancelEnrollCode(ctx: ServerContext, token: string, id: string): Promise<void> {
  await callEndpoint(http(ctx), 'POST /api/devices/codes/:id/cancel', { params: { id }, body: {}, headers: withSession(token) })
}

/** A new member of the store's staff; `pin` typed by them on this tablet, sent once. */
/** The stores the signed-in manager runs: their own and those granted to them. */
export async function listManagedStores(ctx: ServerContext, token: string): Promise<ManagedStore[]> {
  return (await callEndpoint(http(ctx), 'GET /api/staff/stores', { headers: withSession(token) })).stores
}

/** Another store's staff, read from the server. */
export async function listStaff(ctx: ServerContext, token: string, storeId: string): Promise<StaffMember[]> {
  return (await callEndpoint(http(ctx), 'GET /api/staff', { query: { store: storeId }, headers: withSession(token) })).staff
}

export async function addStaffMember(ctx: ServerContext, token: string, input: { displayName: string, staffCode: string, role: Role, specialties: AppointmentPurpose[], pin: string, storeId?: string }): Promise<StaffMember> {
  return (await callEndpoint(http(ctx), 'POST /api/staff', { body: input, headers: withSession(token) })).associate
}

export async function setStaffActive(ctx: ServerContext, token: string, id: string, active: boolean): Promise<StaffMember> {
  return (await callEndpoint(http(ctx), active ? 'POST /api/staff/:id/reactivate' : 'POST /api/staff/:id/deactivate', { params: { id }, body: {}, headers: withSession(token) })).associate
}

export async function setStaffPin(ctx: ServerContext, token: string, id: string, pin: string): Promise<StaffMember> {
  return (await callEndpoint(http(ctx), 'POST /api/staff/:id/pin', { params: { id }, body: { pin }, headers: withSession(token) })).associate
}
