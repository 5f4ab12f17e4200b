/**
 * The manager's template editor keeps every draft while the manager moves between templates,
 * refuses to save an incomplete one (and shows it), and undoes a rewrite or a template of the
 * store's own. Saving itself is the server's test (test/server/templates.test.ts) and the
 * browser's (test/e2e/outreach.test.ts).
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { TEMPLATES } from '../../src/domain/templates'
import { useDeviceStore } from '../../src/stores/device'
import { useManagerTemplatesStore } from '../../src/stores/manager-templates'
import { makeStore } from '../fixtures/world'

const own = { id: 'custom-sale', name: 'Saldi', subject: { it: 'Saldi, {firstName}', en: 'Sale, {firstName}' }, body: { it: 'Ciao {firstName}', en: 'Hi {firstName}' }, updatedBy: 'mgr-a', updatedAt: '2026-11-20T10:00:00.000Z' }

describe('the template editor', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useDeviceStore().store = makeStore({ templates: [own] })
  })

  it('lists the built-in templates and the store\'s own, and keeps a draft while another template is open', () => {
    const editor = useManagerTemplatesStore()
    expect(editor.list.map(t => t.id)).toEqual([...TEMPLATES.map(t => t.id), 'custom-sale'])
    editor.select('birthday')
    editor.language = 'en'
    editor.edit('subject', 'Many happy returns, {firstName}')
    editor.select('custom-sale')
    editor.select('birthday')
    expect(editor.selected.subject).toEqual({ it: TEMPLATES.find(t => t.id === 'birthday')!.subject.it, en: 'Many happy returns, {firstName}' })
    expect([editor.changed, editor.rewritten('birthday'), editor.rewritten('look')]).toEqual([true, true, false])
  })

  it('does not save a new template without a name, and opens it to show what is missing', async () => {
    const editor = useManagerTemplatesStore()
    editor.add()
    const added = editor.selected.id
    editor.select('look')
    expect(await editor.save()).toBe(false)
    expect([editor.state, editor.selected.id, editor.problemsOf(added).map(p => p.field)]).toEqual(['invalid', added, ['name', 'subject', 'subject']])
  })

  it('restores a rewritten built-in template and deletes one of the store\'s own', () => {
    const editor = useManagerTemplatesStore()
    editor.select('look')
    editor.edit('body', 'Altro testo')
    editor.remove('look')
    expect(editor.rewritten('look')).toBe(false)
    editor.remove('custom-sale')
    expect(editor.list.map(t => t.id)).not.toContain('custom-sale')
    expect(editor.changed).toBe(true)
  })
})
