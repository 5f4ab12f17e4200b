/**
 * Every domain's messages, flattened to 'domain.key'. Add a domain by adding its file here;
 * test/unit/i18n.test.ts checks that Italian and English have the same keys.
 */
import { app } from './app'
import { appointment } from './appointment'
import { checkout } from './checkout'
import { customer } from './customer'
import { customerDetails } from './customer-details'
import { device } from './device'
import { enroll } from './enroll'
import { lookup } from './lookup'
import { manager } from './manager'
import { managerAppointments } from './manager-appointments'
import { managerSettings } from './manager-settings'
import { managerOutreach } from './manager-outreach'
import { managerRecords } from './manager-records'
import { contact } from './contact'
import { office } from './office'
import { outreach } from './outreach'
import { profileEdit } from './profile-edit'
import { receipt } from './receipt'
import { session } from './session'
import { sync } from './sync'
import { today } from './today'
import { visit } from './visit'
import { visitLink } from './visit-link'

type Messages = Record<string, string>
export interface DomainMessages { en: Messages, it: Messages }

// The customer's and the manager's messages are one domain each, in files by screen.
const joined = (...parts: DomainMessages[]): DomainMessages => ({ en: Object.assign({}, ...parts.map(p => p.en)), it: Object.assign({}, ...parts.map(p => p.it)) })
const customerAll = joined(customer, customerDetails)
const managerAll = joined(manager, managerOutreach, managerRecords, managerAppointments, managerSettings)

const domains: Record<string, DomainMessages> = { app, appointment, checkout, contact, customer: customerAll, lookup, manager: managerAll, office, outreach, profileEdit, receipt, session, device, enroll, sync, today, visit, visitLink }

function flatten(lang: 'en' | 'it'): Messages {
  const out: Messages = {}
  for (const [domain, messages] of Object.entries(domains)) {
    for (const [key, value] of Object.entries(messages[lang])) out[`${domain}.${key}`] = value
  }
  return out
}

export const messageCatalog = { en: flatten('en'), it: flatten('it') }
