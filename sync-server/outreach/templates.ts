/**
 * The store's message templates, as its manager rewrites them in the manager area: the whole
 * list replaced at once on the store's document, which then reaches every tablet like any
 * change to a store. Checked with the tablet's own rules (src/domain/templates.ts) so the
 * editor and the server can't disagree about what a template may say.
 */
import type { Language, StoreDoc, StoreTemplate } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import { isBuiltIn, MAX_STORE_TEMPLATES, templateProblems } from '../../src/domain/templates'
import { AppError } from '../../src/shared/errors'

export type TemplateInput = Pick<StoreTemplate, 'id' | 'name' | 'subject' | 'body'>

const ID = /^[a-z0-9-]{1,40}$/
const isText = (v: unknown): v is string => typeof v === 'string'
const isTexts = (v: unknown): v is Record<Language, string> => !!v && typeof v === 'object' && isText((v as Record<string, unknown>).it) && isText((v as Record<string, unknown>).en)

/** The request's templates, or a 400 saying which one is wrong and why. */
export function readTemplates(body: unknown): TemplateInput[] {
  const list = (body as { templates?: unknown } | null)?.templates
  if (!Array.isArray(list) || list.length > MAX_STORE_TEMPLATES)
    throw new AppError('invalid-request', `Send { templates: [...] }, at most ${MAX_STORE_TEMPLATES}.`)
  const seen = new Set<string>()
  return list.map((raw: unknown, index) => {
    const t = (raw ?? {}) as Record<string, unknown>
    if (!isText(t.id) || !ID.test(t.id) || seen.has(t.id) || !(t.name === null || isText(t.name)) || !isTexts(t.subject) || !isTexts(t.body))
      throw new AppError('invalid-request', `Template ${index + 1} needs a unique id (a-z, 0-9, -), a name (or null) and a subject and body in Italian and English.`, { index })
    seen.add(t.id)
    const template: TemplateInput = { id: t.id, name: isBuiltIn(t.id) ? null : (t.name as string | null), subject: { it: t.subject.it, en: t.subject.en }, body: { it: t.body.it, en: t.body.en } }
    const problems = templateProblems(template)
    if (problems.length)
      throw new AppError('invalid-template', `Template "${template.name ?? template.id}" can't be saved: ${problems.map(p => `${p.field}${p.language ? ` (${p.language})` : ''} ${p.kind === 'unknown-placeholder' ? `names {${p.placeholder}}, which no customer's data fills` : p.kind === 'empty' ? 'is empty' : 'is too long'}`).join('; ')}.`, { index, problems })
    return template
  })
}

const same = (a: TemplateInput, b: TemplateInput) => a.name === b.name && a.subject.it === b.subject.it && a.subject.en === b.subject.en && a.body.it === b.body.it && a.body.en === b.body.en

/** Replaces the store's templates; one left as it was keeps who changed it and when. */
export async function saveStoreTemplates(w: Writer, storeId: string, managerId: string, templates: readonly TemplateInput[]): Promise<StoreTemplate[]> {
  await w.lock([`stores:${storeId}`])
  const store = (await w.load('stores', [storeId])).get(storeId) as StoreDoc | undefined
  if (!store)
    throw new AppError('unknown-store', `Store ${storeId} does not exist.`)
  const now = new Date().toISOString()
  const before = new Map((store.templates ?? []).map(t => [t.id, t]))
  const saved = templates.map((t) => {
    const old = before.get(t.id)
    return old && same(old, t) ? old : { ...t, updatedBy: managerId, updatedAt: now }
  })
  await w.write('stores', [{ ...store, templates: saved, updatedAt: now } as unknown as AnyDoc])
  return saved
}
