/**
 * Head office's section: an admin signed in with login and password (the session lives in
 * memory only: a reload signs out, as the tablet's manager area does), the stores with their
 * managers and area managers, and the three changes an admin makes — open a store, give it a
 * manager, grant an area manager stores. Online only; after each change the lists are read again.
 */
import type { OnlineFailure } from '../api/online'
import type { NewStore, OfficeAccount, OfficeManager, OfficeStore } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { addOfficeManager, createOfficeStore, listOfficeManagers, listOfficeStores, officeEnrollCode, officeSignIn, officeSignOut, setOfficeGrants } from '../api/office-api'
import { callOnline } from '../api/online'

export type OfficeState = 'idle' | 'busy' | 'saved' | 'failed'
/** which of the section's forms the last outcome belongs to */
export type OfficePart = 'sign-in' | 'store' | 'manager' | 'grants' | 'code'

export const useOfficeStore = defineStore('office', () => {
  const account = shallowRef<OfficeAccount | null>(null)
  let token = ''
  const stores = shallowRef<OfficeStore[]>([])
  const managers = shallowRef<OfficeManager[]>([])
  const state = ref<OfficeState>('idle')
  const part = ref<OfficePart>('sign-in')
  const failure = ref<OnlineFailure | null>(null)
  /** the last enrollment code made, and for which store (shown once, like the manager area's) */
  const code = shallowRef<{ storeId: string, code: string } | null>(null)

  async function run<T>(which: OfficePart, call: () => Promise<T>): Promise<boolean> {
    part.value = which
    state.value = 'busy'
    const outcome = await callOnline(call)
    failure.value = outcome.ok ? null : outcome
    if (!outcome.ok && outcome.kind === 'needs-session' && which !== 'sign-in')
      account.value = null
    state.value = outcome.ok ? 'saved' : 'failed'
    if (outcome.ok && account.value)
      await refresh()
    return outcome.ok
  }

  async function refresh(): Promise<void> {
    // A contact-centre agent's session does not list the stores: its screen is the callers'.
    if (account.value?.role !== 'admin')
      return
    const [s, m] = await Promise.all([callOnline(() => listOfficeStores(token)), callOnline(() => listOfficeManagers(token))])
    if (s.ok)
      stores.value = s.value
    if (m.ok)
      managers.value = m.value
  }

  const signIn = (login: string, password: string) => run('sign-in', async () => {
    const session = await officeSignIn(login, password)
    token = session.token
    account.value = session.account
  })

  async function signOut(): Promise<void> {
    const was = token
    token = ''
    account.value = null
    code.value = null
    state.value = 'idle'
    stores.value = []
    managers.value = []
    await callOnline(() => officeSignOut(was))
  }

  const createStore = (store: NewStore) => run('store', () => createOfficeStore(token, store))
  const addManager = (storeId: string, input: { displayName: string, staffCode: string, pin: string }) => run('manager', () => addOfficeManager(token, storeId, input))
  const makeCode = (storeId: string) => run('code', async () => {
    code.value = { storeId, code: await officeEnrollCode(token, storeId) }
  })
  const setGrants = (managerId: string, storeIds: string[]) => run('grants', () => setOfficeGrants(token, managerId, storeIds))

  /** the session's token, for the contact centre's calls (src/stores/contact-centre.ts) */
  const session = () => token

  return { account, stores, managers, state, part, failure, code, session, signIn, signOut, refresh, createStore, addManager, makeCode, setGrants }
})
