/** Head office's calls (the /office section): the app's own origin, a head-office session, no tablet token. */
import type { ContactMatch, ContactProfile, NewStore, OfficeAccount, OfficeManager, OfficeStore, StaffMember } from '../shared/endpoints'
import type { InteractionDoc } from '../shared/types'
import { http } from './customers'
import { callEndpoint } from './http'

const office = () => http({ baseUrl: '', token: '' })
const withSession = (token: string) => ({ 'X-Office-Session': token })

export async function officeSignIn(login: string, password: string): Promise<{ token: string, account: OfficeAccount }> {
  return callEndpoint(office(), 'POST /api/office/sessions', { body: { login, password } })
}

export async function officeSignOut(token: string): Promise<void> {
  await callEndpoint(office(), 'DELETE /api/office/sessions/current', { headers: withSession(token) })
}

export async function listOfficeStores(token: string): Promise<OfficeStore[]> {
  return (await callEndpoint(office(), 'GET /api/office/stores', { headers: withSession(token) })).stores
}

export async function listOfficeManagers(token: string): Promise<OfficeManager[]> {
  return (await callEndpoint(office(), 'GET /api/office/managers', { headers: withSession(token) })).managers
}

export async function createOfficeStore(token: string, store: NewStore): Promise<void> {
  await callEndpoint(office(), 'POST /api/office/stores', { body: store, headers: withSession(token) })
}

export async function addOfficeManager(token: string, storeId: string, input: { displayName: string, staffCode: string, pin: string }): Promise<StaffMember> {
  return (await callEndpoint(office(), 'POST /api/office/stores/:id/managers', { params: { id: storeId }, body: input, headers: withSession(token) })).manager
}

export async function officeEnrollCode(token: string, storeId: string): Promise<string> {
  return (await callEndpoint(office(), 'POST /api/office/stores/:id/codes', { params: { id: storeId }, body: {}, headers: withSession(token) })).code
}

export async function setOfficeGrants(token: string, managerId: string, stores: string[]): Promise<string[]> {
  return (await callEndpoint(office(), 'PUT /api/office/managers/:id/stores', { params: { id: managerId }, body: { stores }, headers: withSession(token) })).stores
}

/** A contact-centre agent's screen-pop: the callers with this phone or e-mail, in every store. */
export async function findCallers(token: string, query: { phone: string } | { email: string }): Promise<ContactMatch[]> {
  return (await callEndpoint(office(), 'GET /api/office/customers', { query, headers: withSession(token) })).customers
}

export async function readCallerProfile(token: string, customerId: string): Promise<ContactProfile> {
  return callEndpoint(office(), 'GET /api/office/customers/:id/profile', { params: { id: customerId }, headers: withSession(token) })
}

export async function addCallerNote(token: string, customerId: string, text: string): Promise<InteractionDoc> {
  return (await callEndpoint(office(), 'POST /api/office/customers/:id/notes', { params: { id: customerId }, body: { text }, headers: withSession(token) })).note
}
