/**
 * The contact centre's screen (a head-office account with role contact_centre, in /office):
 * find a caller by what they give on the phone — a number or an e-mail address — among every
 * store's customers, open their profile as a tablet composes it (src/models/profile.ts), and
 * add a note that the stores' tablets show. Online only, read from the server each time: the
 * agent sees what the stores synced, not a copy of their own.
 */
import type { OnlineFailure } from '../api/online'
import type { CustomerProfile } from '../models/profile'
import type { ContactMatch } from '../shared/endpoints'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { addCallerNote, findCallers, readCallerProfile } from '../api/office-api'
import { callOnline } from '../api/online'
import { composeProfile } from '../models/profile'
import { useOfficeStore } from './office'

export type ContactState = 'idle' | 'busy' | 'ready' | 'failed'
export type NoteState = 'idle' | 'busy' | 'saved' | 'failed'

/** What the agent typed, as the search the server takes: an e-mail address has an @. */
export function callerQuery(text: string): { phone: string } | { email: string } | null {
  const typed = text.trim()
  if (typed.includes('@'))
    return { email: typed }
  return typed.replace(/\D/g, '').length >= 3 ? { phone: typed } : null
}

export const useContactCentreStore = defineStore('contact-centre', () => {
  const office = useOfficeStore()
  const matches = shallowRef<ContactMatch[] | null>(null)
  const profile = shallowRef<CustomerProfile | null>(null)
  const state = ref<ContactState>('idle')
  const noteState = ref<NoteState>('idle')
  const failure = ref<OnlineFailure | null>(null)

  async function search(text: string): Promise<void> {
    const query = callerQuery(text)
    profile.value = null
    if (!query) {
      matches.value = null
      state.value = 'failed'
      failure.value = { kind: 'refused', code: 'invalid-query', message: '' }
      return
    }
    state.value = 'busy'
    const outcome = await callOnline(() => findCallers(office.session(), query))
    failure.value = outcome.ok ? null : outcome
    matches.value = outcome.ok ? outcome.value : null
    state.value = outcome.ok ? 'ready' : 'failed'
    if (outcome.ok && outcome.value.length === 1)
      await open(outcome.value[0]!.id)
  }

  async function open(customerId: string): Promise<void> {
    state.value = 'busy'
    // A note's outcome belongs to the caller it was written about.
    if (profile.value?.customer.id !== customerId)
      noteState.value = 'idle'
    const outcome = await callOnline(() => readCallerProfile(office.session(), customerId))
    failure.value = outcome.ok ? null : outcome
    profile.value = outcome.ok ? composeProfile(outcome.value) : null
    state.value = outcome.ok ? 'ready' : 'failed'
  }

  async function addNote(text: string): Promise<boolean> {
    const customer = profile.value?.customer
    if (!customer || !text.trim())
      return false
    noteState.value = 'busy'
    const outcome = await callOnline(() => addCallerNote(office.session(), customer.id, text))
    failure.value = outcome.ok ? null : outcome
    noteState.value = outcome.ok ? 'saved' : 'failed'
    if (outcome.ok)
      await open(customer.id)
    return outcome.ok
  }

  function clear(): void {
    matches.value = null
    profile.value = null
    state.value = 'idle'
    noteState.value = 'idle'
    failure.value = null
  }

  return { matches, profile, state, noteState, failure, search, open, addNote, clear }
})
