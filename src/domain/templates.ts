/**
 * Message templates, in Italian and English: the customer's language picks the text, and the
 * placeholders are filled from the customer, the associate, the store and the products picked.
 * Every store starts with the built-in ones below; its manager may rewrite them (same id) and
 * add the store's own, kept on the store's document (StoreDoc.templates) and checked by the
 * same rules on the tablet and on the server (templateProblems). Each Today task suggests its
 * built-in template, as the store rewrote it.
 */
import type { Language, StoreTemplate, TaskKind } from '../shared/types'

export interface Template {
  id: string
  subject: Record<Language, string>
  body: Record<Language, string>
  /** the store's own template's name (a built-in one is named by the app, in its language) */
  name?: string | null
  /** a built-in template rewritten by the store's manager, or the store's own: who and when */
  updatedBy?: string
  updatedAt?: string
}

/** What a template may say in braces. */
export const PLACEHOLDERS = ['firstName', 'associate', 'store', 'products'] as const
export type Placeholder = typeof PLACEHOLDERS[number]
export const MAX_STORE_TEMPLATES = 30
// A message's body holds 2,000 characters: a template leaves room for the names it fills in.
export const LIMITS = { name: 60, subject: 160, body: 1800 } as const

export const TEMPLATES: readonly Template[] = [
  {
    id: 'look',
    subject: { it: '{associate} ha scelto alcuni capi per te', en: '{associate} picked a few things for you' },
    body: {
      it: 'Ciao {firstName},\n\nho pensato a te e ho scelto questi capi: se vuoi provarli, te li tengo da parte in negozio.\n\nA presto,',
      en: 'Hi {firstName},\n\nI thought of you and picked these: if you would like to try them on, I will keep them aside in store.\n\nSee you soon,',
    },
  },
  {
    id: 'follow-up',
    subject: { it: 'Come promesso, {firstName}', en: 'As promised, {firstName}' },
    body: {
      it: 'Ciao {firstName},\n\nti scrivo come promesso durante la tua visita da {store}.\n\nA presto,',
      en: 'Hi {firstName},\n\nI am writing as promised during your visit to {store}.\n\nSee you soon,',
    },
  },
  {
    id: 'back-in-stock',
    subject: { it: 'È tornato disponibile, {firstName}', en: 'It is back in stock, {firstName}' },
    body: {
      it: 'Ciao {firstName},\n\nun capo della tua lista desideri è di nuovo disponibile in negozio: te lo tengo da parte nella tua taglia?\n\nA presto,',
      en: 'Hi {firstName},\n\nan item from your wishlist is back in stock in store: shall I keep it aside in your size?\n\nSee you soon,',
    },
  },
  {
    id: 'price-drop',
    subject: { it: 'Un capo che ti piace costa meno, {firstName}', en: 'Something you liked now costs less, {firstName}' },
    body: {
      it: 'Ciao {firstName},\n\nun capo della tua lista desideri ora ha un prezzo più basso: {products}. Se vuoi provarlo, te lo tengo da parte in negozio.\n\nA presto,',
      en: 'Hi {firstName},\n\nsomething from your wishlist now costs less: {products}. If you would like to try it on, I will keep it aside in store.\n\nSee you soon,',
    },
  },
  {
    id: 'birthday',
    subject: { it: 'Buon compleanno, {firstName}!', en: 'Happy birthday, {firstName}!' },
    body: {
      it: 'Ciao {firstName},\n\ntanti auguri da tutti noi di {store}! Passa a trovarci quando vuoi.\n\nUn abbraccio,',
      en: 'Hi {firstName},\n\nhappy birthday from all of us at {store}! Come and see us whenever you like.\n\nBest wishes,',
    },
  },
  {
    id: 'thanks',
    subject: { it: 'Grazie, {firstName}', en: 'Thank you, {firstName}' },
    body: {
      it: 'Ciao {firstName},\n\ngrazie per il tuo ordine online! Se vuoi provare qualcosa o hai bisogno di una modifica, ti aspetto in negozio.\n\nA presto,',
      en: 'Hi {firstName},\n\nthank you for your online order! If you would like to try something on or need an alteration, I will be glad to see you in store.\n\nSee you soon,',
    },
  },
  {
    id: 'lapsed',
    subject: { it: 'Ci manchi, {firstName}', en: 'We miss you, {firstName}' },
    body: {
      it: 'Ciao {firstName},\n\nè da un po’ che non ci vediamo: sono arrivate novità che credo ti piaceranno. Ti aspetto da {store}.\n\nA presto,',
      en: 'Hi {firstName},\n\nit has been a while: new things have arrived that I think you will like. I hope to see you at {store}.\n\nSee you soon,',
    },
  },
]

const FOR_TASK: Record<TaskKind, string> = {
  'follow-up': 'follow-up',
  'cart-changed': 'look',
  'back-in-stock': 'back-in-stock',
  'price-drop': 'price-drop',
  'birthday': 'birthday',
  'lapsed': 'lapsed',
  'web-order': 'thanks',
}

export const isBuiltIn = (id: string) => TEMPLATES.some(t => t.id === id)

/** The store's templates: the built-in ones (as the store rewrote them), then the store's own by name. */
export function storeTemplates(stored: readonly StoreTemplate[] | null | undefined): Template[] {
  const byId = new Map((stored ?? []).map(t => [t.id, t]))
  const builtIn = TEMPLATES.map(t => (byId.has(t.id) ? { ...byId.get(t.id)!, name: null } : t))
  const own = (stored ?? []).filter(t => !isBuiltIn(t.id)).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
  return [...builtIn, ...own]
}

export function templateFor(kind: TaskKind | null, templates: readonly Template[] = TEMPLATES): Template {
  const id = kind ? FOR_TASK[kind] : 'look'
  return templates.find(t => t.id === id) ?? TEMPLATES.find(t => t.id === id)!
}

export type TemplateValues = Record<Placeholder, string>

/** The template's text in a language, every known placeholder filled and unknown ones left as written. */
export function fillTemplate(template: Pick<Template, 'subject' | 'body'>, language: Language, values: Partial<TemplateValues>): { subject: string, body: string } {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name as Placeholder] ?? whole)
  return { subject: fill(template.subject[language]), body: fill(template.body[language]) }
}

export type TemplateProblem
  = | { field: 'name' | 'subject' | 'body', language: Language | null, kind: 'empty' | 'too-long' }
    | { field: 'subject' | 'body', language: Language, kind: 'unknown-placeholder', placeholder: string }

/**
 * What is wrong with a template a manager wrote, for the editor to show and the server to
 * refuse: both languages written (a customer of either gets words), within the lengths the
 * store's document allows, and no placeholder the app can't fill (it would reach the customer
 * as "{nmae}"). A built-in template keeps the app's name; the store's own needs one.
 */
export function templateProblems(t: Pick<StoreTemplate, 'id' | 'name' | 'subject' | 'body'>): TemplateProblem[] {
  const problems: TemplateProblem[] = []
  if (!isBuiltIn(t.id)) {
    if (!t.name?.trim())
      problems.push({ field: 'name', language: null, kind: 'empty' })
    else if (t.name.length > LIMITS.name)
      problems.push({ field: 'name', language: null, kind: 'too-long' })
  }
  for (const field of ['subject', 'body'] as const) {
    for (const language of ['it', 'en'] as const) {
      const text = t[field][language] ?? ''
      if (!text.trim())
        problems.push({ field, language, kind: 'empty' })
      else if (text.length > LIMITS[field])
        problems.push({ field, language, kind: 'too-long' })
      for (const [, name] of text.matchAll(/\{(\w*)\}/g)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name!))
          problems.push({ field, language, kind: 'unknown-placeholder', placeholder: name! })
      }
    }
  }
  return problems
}
