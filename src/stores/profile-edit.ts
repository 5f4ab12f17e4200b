/**
 * The in-store profile edit of one customer: the customer as it was when the form opened
 * (`base`), the associate's draft, and the live document. See src/domain/profile-edit.ts for
 * how a save keeps everyone's changes.
 */
import type { SyncProblem } from '../domain/problems'
import type { ProfileOptions } from '../models/catalogue'
import type { DraftField, DraftProblem, ProfileDraft } from '../domain/profile-edit'
import type { CustomerDoc } from '../shared/types'
import { classifySyncError } from '../domain/problems'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, toRaw } from 'vue'
import { survivorIdOf } from '../db/customers'
import { loadProfileOptions, saveCustomerEdit, subscribeCustomer } from '../db/profile-edit'
import { changedFields, draftFrom, rebaseDraft, validateDraft } from '../domain/profile-edit'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

export type ProfileEditStatus = 'idle' | 'loading' | 'ready' | 'saving' | 'saved' | 'missing' | 'error'

export const useProfileEditStore = defineStore('profile-edit', () => {
  /** what went wrong last (kind and code: a full disk is not a refused change), for the screen */
  const failure = ref<SyncProblem | null>(null)
  const status = ref<ProfileEditStatus>('idle')
  const customer = shallowRef<CustomerDoc | null>(null)
  const base = shallowRef<ProfileDraft | null>(null)
  const draft = ref<ProfileDraft | null>(null)
  const options = shallowRef<ProfileOptions>({ sizes: {}, brands: [], categories: [], colours: [] })
  const attempted = ref(false)
  const customerId = ref<string | null>(null)
  /** set when the profile was merged into another while open: the form now edits the survivor */
  const movedTo = ref<string | null>(null)
  let stop: (() => void) | null = null

  const changed = computed<DraftField[]>(() => (base.value && draft.value ? changedFields(base.value, draft.value) : []))
  const dirty = computed(() => changed.value.length > 0)
  const problems = computed<Partial<Record<DraftField, DraftProblem>>>(() => (draft.value ? validateDraft(draft.value) : {}))

  function receive(doc: CustomerDoc | null): void {
    if (!doc) {
      if (customer.value)
        void follow().then(moved => (moved ? undefined : (status.value = 'missing')))
      else status.value = 'missing'
      return
    }
    const master = draftFrom(doc)
    // The draft is its own copy: editing it must never edit `base`, or no change would show.
    const next = base.value && draft.value ? rebaseDraft(base.value, toRaw(draft.value), master) : master
    draft.value = structuredClone(toRaw(next))
    base.value = master
    customer.value = doc
    if (status.value === 'loading')
      status.value = 'ready'
  }

  /**
   * The profile was merged into another while the form was open: keep the associate's
   * changes and apply them to the survivor (the next document received rebases the draft).
   */
  async function follow(): Promise<boolean> {
    const survivor = customerId.value ? await survivorIdOf(customerId.value) : null
    if (!survivor)
      return false
    stop?.()
    customerId.value = survivor
    movedTo.value = survivor
    stop = await subscribeCustomer(survivor, { next: receive, error: () => (status.value = 'error') })
    return true
  }

  async function open(id: string): Promise<void> {
    if (id === customerId.value && stop)
      return
    close()
    customerId.value = id
    status.value = 'loading'
    try {
      stop = await subscribeCustomer(id, { next: receive, error: () => (status.value = 'error') })
      options.value = await loadProfileOptions()
    }
    catch (error) {
      failure.value = classifySyncError(error)
      status.value = 'error'
    }
  }

  function close(): void {
    stop?.()
    stop = null
    customerId.value = null
    movedTo.value = null
    customer.value = null
    base.value = null
    draft.value = null
    attempted.value = false
    status.value = 'idle'
  }

  function reset(): void {
    draft.value = base.value ? structuredClone(base.value) : null
    attempted.value = false
  }

  /** Saves the associate's changes; false when something must be corrected first. */
  async function save(): Promise<boolean> {
    attempted.value = true
    if (!customer.value || !base.value || !draft.value || Object.keys(problems.value).length)
      return false
    if (!dirty.value)
      return true
    status.value = 'saving'
    try {
      const storeId = useDeviceStore().storeId ?? ''
      const saved = await saveCustomerEdit(customer.value.id, base.value, draft.value, { associateId: useSessionStore().associateId, storeId, now: new Date().toISOString() })
      base.value = draftFrom(saved)
      draft.value = draftFrom(saved)
      status.value = 'saved'
      return true
    }
    catch (error) {
      failure.value = classifySyncError(error)
      status.value = 'error'
      return false
    }
  }

  return { failure, status, customer, customerId, movedTo, base, draft, options, changed, dirty, problems, attempted, open, close, reset, save }
})
