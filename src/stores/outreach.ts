/**
 * Writing to a customer: the composer's state (channel, template, text, products picked) and
 * the customer's messages, followed live for the profile and for the weekly limit. An e-mail
 * is written to the tablet's database and sent by the server (offline, it waits for the
 * network); an SMS or WhatsApp message opens the tablet's own app with the text, and is
 * logged once the associate says it was sent.
 */
import type { Subscription } from 'rxjs'
import type { SyncProblem } from '../domain/problems'
import type { TodayTask } from '../domain/today'
import type { LookProduct } from '../models/catalogue'
import type { CustomerDoc, OutreachChannel, OutreachDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { lookSuggestions, watchCustomerOutreach, writeOutreach } from '../db/outreach'
import { contactPressure, messageChannels, messageLink, outreachFor } from '../domain/outreach'
import { classifySyncError } from '../domain/problems'
import { storeSettings } from '../domain/store-settings'
import { fillTemplate, storeTemplates, templateFor } from '../domain/templates'
import { useDeviceStore } from './device'
import { useSessionStore } from './session'

export type ComposerState = 'closed' | 'writing' | 'confirming' | 'sending' | 'sent' | 'error'
export type OutreachSource = OutreachDoc['source']

export const useOutreachStore = defineStore('outreach', () => {
  const device = useDeviceStore()
  const session = useSessionStore()
  const state = ref<ComposerState>('closed')
  const failure = ref<SyncProblem | null>(null)
  const customer = shallowRef<CustomerDoc | null>(null)
  const messages = shallowRef<OutreachDoc[]>([])
  const channel = ref<OutreachChannel>('email')
  const template = ref('look')
  const subject = ref('')
  const body = ref('')
  const products = ref<string[]>([])
  const source = ref<OutreachSource>('profile')
  const taskId = ref<string | null>(null)
  const suggestions = shallowRef<LookProduct[]>([])
  /** the text as the template last filled it: while the associate has not changed it, picking products refills it */
  let filled = { subject: '', body: '' }
  let watching: { customerId: string, sub: Subscription } | null = null

  /** the store's templates, as its manager wrote them */
  const templates = computed(() => storeTemplates(device.store?.templates))
  const channels = computed(() => (customer.value ? messageChannels(outreachFor(customer.value)) : []))
  const pressure = computed(() => contactPressure(messages.value, device.storeId ?? '', new Date(), storeSettings(device.store?.settings).contactsPerWeek))
  /** the store's associates by id, for "contacted by Giulia" (another store's is named by id) */
  const associateName = (id: string) => session.associates.find(a => a.id === id)?.displayName ?? id
  /** the SMS or WhatsApp address with the text, for the link the associate taps */
  const appLink = computed(() => {
    const phone = customer.value && outreachFor(customer.value).sms
    return phone && channel.value !== 'email' ? messageLink(channel.value, phone, body.value.trim()) : null
  })

  /** Follows a customer's messages (the profile, the composer). */
  async function follow(customerId: string): Promise<void> {
    if (watching?.customerId === customerId)
      return
    watching?.sub.unsubscribe()
    watching = null
    messages.value = []
    try {
      const sub = (await watchCustomerOutreach(customerId)).subscribe({
        next: (docs) => {
          messages.value = docs
        },
        error: (error) => {
          failure.value = classifySyncError(error)
        },
      })
      watching = { customerId, sub }
    }
    catch (error) {
      // No database (yet): the profile shows no messages rather than failing.
      failure.value = classifySyncError(error)
    }
  }

  /** The picked products by name, for {products} ("the Tessa coat and the Nilo scarf" is the associate's to write). */
  const productNames = () => products.value.map(sku => suggestions.value.find(p => p.sku === sku)?.name ?? sku).join(', ')

  function applyTemplate(id: string): void {
    const found = templates.value.find(t => t.id === id) ?? templateFor(null, templates.value)
    template.value = found.id
    const c = customer.value
    if (!c)
      return
    filled = fillTemplate(found, c.language, { firstName: c.firstName, associate: session.associate?.displayName.split(' ')[0] ?? '', store: device.storeName, products: productNames() })
    subject.value = filled.subject
    body.value = filled.body
  }

  /** Products picked after the template was applied reach {products}, unless the associate has rewritten the text. */
  function refill(): void {
    if (subject.value === filled.subject && body.value === filled.body)
      applyTemplate(template.value)
  }

  function open(target: CustomerDoc, from: OutreachSource, options: { task?: TodayTask, products?: string[] } = {}): void {
    customer.value = target
    source.value = from
    taskId.value = options.task?.id ?? null
    products.value = [...(options.products ?? [])].slice(0, 12)
    channel.value = channels.value[0] ?? 'email'
    applyTemplate(templateFor(options.task?.kind ?? null, templates.value).id)
    failure.value = null
    state.value = 'writing'
    void follow(target.id)
    suggestions.value = []
    void lookSuggestions(target.id).then((found) => {
      if (customer.value?.id === target.id) {
        suggestions.value = found
        refill()
      }
    }, (error: unknown) => {
      failure.value = classifySyncError(error)
    })
  }

  function toggleProduct(sku: string): void {
    products.value = products.value.includes(sku) ? products.value.filter(s => s !== sku) : [...products.value, sku].slice(0, 12)
    refill()
  }

  async function record(): Promise<boolean> {
    const c = customer.value
    const storeId = device.storeId
    if (!c || !storeId || pressure.value.blocked || !channels.value.includes(channel.value))
      return false
    state.value = 'sending'
    try {
      await writeOutreach({
        storeId,
        customerId: c.id,
        associateId: session.associateId,
        channel: channel.value,
        source: source.value,
        taskId: taskId.value,
        template: template.value,
        language: c.language,
        subject: channel.value === 'email' ? subject.value.trim() : '',
        body: body.value.trim(),
        products: products.value,
      })
      state.value = 'sent'
      return true
    }
    catch (error) {
      failure.value = classifySyncError(error)
      state.value = 'error'
      return false
    }
  }

  /** An e-mail is queued at once; a text message is logged once the associate confirms it went. */
  function send(): Promise<boolean> {
    if (channel.value !== 'email' && state.value === 'writing') {
      state.value = 'confirming'
      return Promise.resolve(false)
    }
    return record()
  }

  function close(): void {
    state.value = 'closed'
  }

  return { state, failure, customer, messages, suggestions, associateName, channel, templates, template, subject, body, products, channels, pressure, appLink, follow, open, applyTemplate, toggleProduct, send, close }
})
