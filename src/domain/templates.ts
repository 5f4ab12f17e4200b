/**
 * Message templates, in Italian and English: the customer's language picks the text, and the
 * placeholders are filled from the customer, the associate, the store and the products picked.
 * These are the built-in ones every store starts with; each Today task suggests its own.
 */
import type { Language, TaskKind } from '../shared/types'

export interface Template {
  id: string
  subject: Record<Language, string>
  body: Record<Language, string>
}

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
  'birthday': 'birthday',
  'lapsed': 'lapsed',
  'web-order': 'thanks',
}

export function templateFor(kind: TaskKind | null): Template {
  return TEMPLATES.find(t => t.id === (kind ? FOR_TASK[kind] : 'look'))!
}

export interface TemplateValues { firstName: string, associate: string, store: string }

/** The template's text in a language, every known placeholder filled and unknown ones left as written. */
export function fillTemplate(template: Template, language: Language, values: TemplateValues): { subject: string, body: string } {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as keyof TemplateValues] : whole))
  return { subject: fill(template.subject[language]), body: fill(template.body[language]) }
}
