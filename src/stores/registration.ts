/**
 * The new-customer form: the draft, look-alikes found while typing, and the save that creates
 * the customer on this tablet (offline too) so the associate can serve them at once.
 */
import type { SyncProblem } from '../domain/problems'
import type { ProfileOptions } from '../models/catalogue'
import type { Candidate } from '../domain/registration'
import type { DraftField, DraftProblem, ProfileDraft } from '../domain/profile-edit'
import { classifySyncError } from '../domain/problems'
import { defineStore } from 'pinia'
import { monotonicFactory } from 'ulid'
import { computed, ref, shallowRef } from 'vue'
import { loadProfileOptions } from '../db/profile-edit'
import { findLookAlikes, insertCustomer } from '../db/registration'
import { validateDraft } from '../domain/profile-edit'
import { draftKeys, emptyDraft, newCustomer, rankCandidates } from '../domain/registration'
import { locale } from '../i18n'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

const ulid = monotonicFactory()
export type RegistrationStatus = 'editing' | 'saving' | 'error'

export const useRegistrationStore = defineStore('registration', () => {
  /** what went wrong last (kind and code: a full disk is not a refused change), for the screen */
  const failure = ref<SyncProblem | null>(null)
  const draft = ref<ProfileDraft>(emptyDraft(locale.value))
  const candidates = ref<Candidate[]>([])
  const status = ref<RegistrationStatus>('editing')
  const attempted = ref(false)
  /** the catalogue's sizes, brands, colours and categories to pick from */
  const options = shallowRef<ProfileOptions>({ sizes: {}, brands: [], categories: [], colours: [] })
  // The id is made once per form, so a double tap creates one customer.
  let id = ulid()
  let generation = 0

  // A new customer must be reachable: an e-mail or a phone, besides the name.
  const problems = computed<Partial<Record<DraftField, DraftProblem>>>(() => {
    const found = validateDraft(draft.value)
    if (!draft.value.email.trim() && !draft.value.phone.trim())
      found.email ??= 'contact'
    return found
  })

  function reset(): void {
    draft.value = emptyDraft(locale.value)
    candidates.value = []
    status.value = 'editing'
    attempted.value = false
    id = ulid()
    void loadProfileOptions().then(o => (options.value = o), () => {})
  }

  /** Looks for look-alikes after a change; a slower answer never overwrites a newer one. */
  async function refreshCandidates(): Promise<void> {
    const mine = ++generation
    const keys = draftKeys(draft.value)
    const found = await findLookAlikes(keys).catch(() => [])
    if (mine === generation)
      candidates.value = rankCandidates(draft.value, found)
  }

  async function save(): Promise<string | null> {
    attempted.value = true
    if (Object.keys(problems.value).length || status.value === 'saving')
      return null
    status.value = 'saving'
    try {
      const device = useDeviceStore()
      const customer = newCustomer(id, draft.value, {
        associateId: useSessionStore().associateId,
        storeId: device.storeId ?? '',
        now: new Date().toISOString(),
        currency: device.store?.currency ?? 'EUR',
      })
      await insertCustomer(customer)
      const created = id
      reset()
      return created
    }
    catch (error) {
      failure.value = classifySyncError(error)
      status.value = 'error'
      return null
    }
  }

  return { failure, draft, candidates, status, attempted, options, problems, reset, refreshCandidates, save }
})
