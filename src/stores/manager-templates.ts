/**
 * The manager's template editor: a draft of every template the manager touched (switching
 * between templates loses nothing), checked as they type with the rules the server applies,
 * and saved all at once, online. What the store keeps is only what differs from the built-in
 * templates; the store's document brings the result to every tablet.
 */
import type { OnlineFailure } from '../api/online'
import type { Template, TemplateProblem } from '../domain/templates'
import type { Language, StoreTemplate } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { saveStoreTemplates } from '../api/manager-api'
import { isBuiltIn, MAX_STORE_TEMPLATES, storeTemplates, TEMPLATES, templateProblems } from '../domain/templates'
import { useDeviceStore } from './device'
import { withServerSession } from './server-call'

export type TemplatesState = 'editing' | 'saving' | 'saved' | 'invalid' | 'offline' | 'needs-session' | 'error'
export type TemplateDraft = Pick<StoreTemplate, 'id' | 'name' | 'subject' | 'body'>

const draftOf = (t: Template): TemplateDraft => ({ id: t.id, name: t.name ?? null, subject: { ...t.subject }, body: { ...t.body } })
const sameText = (a: TemplateDraft, b: TemplateDraft) => a.name === b.name && a.subject.it === b.subject.it && a.subject.en === b.subject.en && a.body.it === b.body.it && a.body.en === b.body.en

export const useManagerTemplatesStore = defineStore('manager-templates', () => {
  const device = useDeviceStore()
  const state = ref<TemplatesState>('editing')
  const failure = ref<OnlineFailure | null>(null)
  /** what the server answered to the last save, until the store's document brings it */
  const saved = shallowRef<StoreTemplate[] | null>(null)
  watch(() => device.store?.updatedAt, () => {
    saved.value = null
  })
  const stored = computed(() => storeTemplates(saved.value ?? device.store?.templates))
  const drafts = ref<Record<string, TemplateDraft>>({})
  const removed = ref<string[]>([])
  const selectedId = ref('look')
  const language = ref<Language>('it')

  /** every template as the editor shows it: stored, with the manager's drafts over it */
  const list = computed<TemplateDraft[]>(() => [
    ...stored.value.filter(t => !removed.value.includes(t.id)).map(t => drafts.value[t.id] ?? draftOf(t)),
    ...Object.values(drafts.value).filter(d => !stored.value.some(t => t.id === d.id)),
  ])
  const selected = computed(() => list.value.find(t => t.id === selectedId.value) ?? list.value[0]!)
  const problemsOf = (id: string): TemplateProblem[] => {
    const t = list.value.find(d => d.id === id)
    return t ? templateProblems(t) : []
  }
  const changed = computed(() => removed.value.length > 0 || list.value.some((t) => {
    const before = stored.value.find(s => s.id === t.id)
    return !before || !sameText(t, draftOf(before))
  }))
  const canAdd = computed(() => list.value.filter(t => !isBuiltIn(t.id)).length < MAX_STORE_TEMPLATES - TEMPLATES.length)

  /** a built-in template the store rewrote (or is rewriting): it can go back to the app's text */
  const rewritten = (id: string) => {
    const original = TEMPLATES.find(t => t.id === id)
    const now = list.value.find(t => t.id === id)
    return !!original && !!now && !sameText(now, draftOf(original))
  }

  function select(id: string): void {
    selectedId.value = id
  }

  /** Changes one text of the selected template (a draft is made on the first change). */
  function edit(field: 'name' | 'subject' | 'body', value: string): void {
    const draft = drafts.value[selected.value.id] ?? draftOf(selected.value as Template)
    drafts.value = { ...drafts.value, [draft.id]: field === 'name' ? { ...draft, name: value } : { ...draft, [field]: { ...draft[field], [language.value]: value } } }
    if (state.value !== 'saving')
      state.value = 'editing'
  }

  function add(): void {
    const id = `custom-${Date.now().toString(36)}`
    drafts.value = { ...drafts.value, [id]: { id, name: '', subject: { it: '', en: '' }, body: { it: 'Ciao {firstName},\n\n\n\nA presto,', en: 'Hi {firstName},\n\n\n\nSee you soon,' } } }
    selectedId.value = id
    state.value = 'editing'
  }

  /** The store's own template goes; a built-in one goes back to the app's text. */
  function remove(id: string): void {
    const { [id]: _, ...rest } = drafts.value
    drafts.value = rest
    if (isBuiltIn(id))
      drafts.value = { ...drafts.value, [id]: draftOf(TEMPLATES.find(t => t.id === id)!) }
    else if (stored.value.some(t => t.id === id))
      removed.value = [...removed.value, id]
    if (!isBuiltIn(id))
      selectedId.value = 'look'
    state.value = 'editing'
  }

  async function save(): Promise<boolean> {
    const wrong = list.value.find(t => templateProblems(t).length)
    if (wrong) {
      selectedId.value = wrong.id
      state.value = 'invalid'
      return false
    }
    // The store keeps what differs from the app's own templates.
    const keep = list.value.filter(t => !isBuiltIn(t.id) || !sameText(t, draftOf(TEMPLATES.find(b => b.id === t.id)!)))
    state.value = 'saving'
    const outcome = await withServerSession((ctx, token) => saveStoreTemplates(ctx, token, keep))
    failure.value = outcome.ok ? null : outcome
    if (!outcome.ok) {
      state.value = outcome.kind === 'offline' || outcome.kind === 'needs-session' ? outcome.kind : 'error'
      return false
    }
    saved.value = outcome.value
    drafts.value = {}
    removed.value = []
    state.value = 'saved'
    return true
  }

  return { state, failure, list, selected, selectedId, language, changed, canAdd, problemsOf, rewritten, select, edit, add, remove, save }
})
