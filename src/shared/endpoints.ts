/**
 * Every HTTP endpoint's request and response, by route: the tablet's calls (src/api/) and
 * the sync-server's routes (sync-server/routes/) both import these, so a reply that changes
 * shape fails the typecheck on both sides. Routes declare `RouteOf<'GET /api/…'>`; clients
 * read `ReplyOf<'GET /api/…'>`. The replication endpoints' page and event shapes are in
 * ./protocol.ts.
 */
import type { BookKeyResponse, BookSearchHit, CommerceEvent, CustomerSearchHit, EnrollRequest, EnrollResponse, PinReason, PullResponse, PushRow, StorePin } from './protocol'
import type { CustomerSearchKey } from './schemas/customers'
import type { Address, AppointmentPurpose, AssociateDoc, CollectionName, DocTypes, Role, StoreHours, StoreSettings, StoreTemplate, Tier, WeeklyHours, WithDeleted } from './types'

/** A member of staff as the manager's staff screen shows them. */
export interface StaffMember { id: string, displayName: string, staffCode: string, role: Role, active: boolean }
/** The 360° profile the versioned API answers (sync-server/integrations/profile.ts). */
export interface ApiProfile {
  customer: Omit<DocTypes['customers'], CustomerSearchKey>
  cart: DocTypes['carts']['items']
  wishlist: DocTypes['wishlists']['items']
  orders: DocTypes['orders'][]
  visits: (DocTypes['visits'] & { interactions: DocTypes['interactions'][] })[]
  notes: DocTypes['interactions'][]
}

/** A head-office account, as its session names it. */
export interface OfficeAccount { id: string, login: string, displayName: string, role: OfficeRole }
/** An admin runs the stores; a contact-centre agent finds callers and adds notes about them. */
export type OfficeRole = 'admin' | 'contact_centre'
/** A caller a contact-centre agent found, with the store that knows them best. */
export interface ContactMatch { id: string, firstName: string, lastName: string, homeStoreId: string | null, homeStoreName: string | null }
/**
 * A customer as a contact-centre agent sees them: the documents a tablet builds its profile from
 * (src/models/profile.ts composeProfile), read from the server — every store's visits, without
 * the notes associates kept private — with the names of the stores, associates and products.
 */
export interface ContactProfile {
  customer: DocTypes['customers']
  cart: DocTypes['carts'] | null
  wishlist: DocTypes['wishlists'] | null
  orders: DocTypes['orders'][]
  visits: DocTypes['visits'][]
  interactions: DocTypes['interactions'][]
  products: DocTypes['products'][]
  stores: { id: string, name: string }[]
  associates: { id: string, displayName: string }[]
}
/** A store as head office's admin lists it: its managers, and the area managers of other stores granted it. */
export interface OfficeStore {
  id: string
  name: string
  city: string
  timezone: string
  managers: { id: string, displayName: string, staffCode: string }[]
  areaManagers: { id: string, displayName: string, storeId: string }[]
}
/** A store manager as head office sees them: their store, and the other stores granted to them. */
export interface OfficeManager { id: string, displayName: string, staffCode: string, storeId: string, grants: string[] }
/** What head office gives to open a store. */
export interface NewStore { id: string, name: string, address: Address, timezone: string, currency: string, vatRateBp: number, phone: string, email: string }

/** One change to how a store runs, as the manager's log shows it (ids resolved to names where known). */
export interface StoreLogEntry {
  at: string
  action: 'enroll-code' | 'enroll-code-cancel' | 'hours' | 'availability' | 'settings' | 'staff-add' | 'staff-deactivate' | 'staff-reactivate' | 'pin-reset' | 'store-create' | 'area-grant' | 'area-revoke'
  /** whom it was done to, when a member of staff */
  subjectName: string | null
  detail: string | null
  /** who did it: a member of staff, head office, or the server's command line */
  by: { kind: 'staff' | 'office' | 'cli', name: string | null }
}

/** A store a manager runs, as their store picker lists it. */
export interface ManagedStore { id: string, name: string, own: boolean }

/** A PIN typed on the tablet, sent once over the enrolled device's connection. */
export interface PinSignIn { associateId: string, pin: string }

/** A server-checked associate session (the manager area and online-only features). */
export interface ManagerSession { token: string, expiresAt: string, associateId: string, role: Role }

/** Who the session on the header is. */
export interface CurrentSession { associateId: string, displayName: string, role: Role }

/** What a manager needs to decide whether two profiles are one person. */
export interface ReviewPerson {
  id: string
  firstName: string
  lastName: string
  /** masked when the person belongs to a store the manager does not answer for */
  email: string | null
  phone: string | null
  homeStoreId: string | null
  createdAt: string
  tier: Tier
  loyaltyId: string | null
  /** the latest visit or purchase in any channel */
  lastSeenAt: string | null
}

export interface IdentityReview { id: string, reason: string, createdAt: string, a: ReviewPerson, b: ReviewPerson }

export interface IdentityMerge {
  id: string
  mergedId: string
  reason: 'email' | 'phone' | 'manager'
  trigger: string
  decidedBy: string
  decidedByName: string | null
  createdAt: string
  survivor: ReviewPerson | null
}

export type IdentityDecision = 'merge' | 'dismiss'

export interface Period { from: string, to: string }

export interface Kpis {
  /** visits started in the period */
  visits: number
  /** visits with a known customer ÷ visits */
  identifiedShare: number | null
  /** visits that ended in a purchase ÷ visits */
  conversion: number | null
  /** store orders in the period: total value ÷ number of orders (minor units) */
  averageBasketMinor: number | null
  /** store orders in the period: pieces ÷ orders */
  unitsPerTransaction: number | null
  /** notes, recommendations and cart/wishlist additions made in the period */
  clientelingActions: number
  /** open follow-ups due from `asOf` to the period's end */
  followUpsDue: number
  /** open follow-ups whose due date has passed at `asOf` */
  followUpsOverdue: number
  /** web/app order lines, placed in the period within 14 days after the product was recommended, tried or added in a store visit */
  influencedSalesMinor: number
}

/** What outreach brought in: definitions in src/domain/outreach-kpis.ts (the dashboard shows them). */
export interface OutreachKpis {
  sent: Record<'email' | 'sms' | 'whatsapp', number>
  clicks: number
  /** the store's, not an associate's (null for an associate) */
  unsubscribes: number | null
  tasksDone: number
  influencedSalesMinor: number
}

/** Appointments and what they bring against walk-ins: definitions in src/domain/appointment-kpis.ts. */
export interface AppointmentKpis {
  /** appointments booked in the period, by the store's staff on a tablet and by customers on the booking page */
  booked: number
  bookedByStaff: number
  bookedByCustomer: number
  /** of the appointments due in the period that came or did not: the share that came */
  showRate: number | null
  /** visits of the period an appointment became, and walk-ins (every other visit) */
  appointmentVisits: number
  appointmentConversion: number | null
  appointmentBasketMinor: number | null
  walkInVisits: number
  walkInConversion: number | null
  walkInBasketMinor: number | null
}

export interface StoreKpiReport {
  storeId: string
  name: string
  store: Kpis
  associates: Record<string, Kpis>
  outreach: { store: OutreachKpis, associates: Record<string, OutreachKpis> }
  appointments: { store: AppointmentKpis, associates: Record<string, AppointmentKpis> }
}

export interface StoreDevice { id: string, name: string, createdAt: string, lastSeenAt: string | null, revokedAt: string | null, current: boolean }

export interface AuditEntry { at: string, action: string, detail: string | null, associateId: string | null, associateName: string | null, deviceName: string | null, apiKeyName?: string | null, officeAccountName?: string | null }

/** A profile opened on a tablet, queued offline and sent when a session is open. */
export interface AuditView { id: string, customerId: string, associateId: string, at: string }

export type CommerceEventOutcome = 'applied' | 'duplicate' | 'stale' | 'erased'
/** One commerce event's outcome (in a batch, also a refusal; the id is null when the event had none). */
export type CommerceEventResult = { id: string | null, outcome: CommerceEventOutcome } | { id: string | null, outcome: 'refused', error: { code: string, message: string } }

/** Every endpoint: `body` is what the client sends (none for a GET), `reply` what a success returns. */
export interface Endpoints {
  'POST /api/devices/enroll': { body: EnrollRequest, reply: EnrollResponse }
  'GET /api/devices': { body: never, reply: { devices: StoreDevice[] } }
  'POST /api/devices/:id/revoke': { body: Record<string, never>, reply: Omit<StoreDevice, 'current'> }
  'POST /api/sessions': { body: PinSignIn, reply: ManagerSession }
  'GET /api/sessions/current': { body: never, reply: CurrentSession }
  'DELETE /api/sessions/current': { body: never, reply: void }
  /** the retailer's other systems, with an API key of scope profiles:read: the 360° profile a tablet holds (private notes left out) */
  'GET /api/v1/customers/:id/profile': { body: never, reply: ApiProfile }
  /** a note from another touchpoint (scope notes:write), reaching the tablets of the stores that know the customer */
  'POST /api/v1/customers/:id/notes': { body: { text: string, source?: DocTypes['interactions']['source'] }, reply: { note: DocTypes['interactions'] } }
  /** a contact centre's screen-pop by phone or e-mail, normalised as the tablet's lookup */
  'GET /api/v1/customers': { body: never, reply: { customers: { id: string, firstName: string, lastName: string, homeStoreId: string | null }[] } }
  /** head office (the app's /office section): a login and a password, no tablet */
  'POST /api/office/sessions': { body: { login: string, password: string }, reply: { token: string, expiresAt: string, account: OfficeAccount } }
  'DELETE /api/office/sessions/current': { body: never, reply: void }
  'GET /api/office/stores': { body: never, reply: { stores: OfficeStore[] } }
  'POST /api/office/stores': { body: NewStore, reply: { store: { id: string, name: string } } }
  /** a store's first manager (or another), with the PIN head office agreed with them */
  'POST /api/office/stores/:id/managers': { body: { displayName: string, staffCode: string, pin: string }, reply: { manager: StaffMember } }
  /** an enrollment code for a store's tablet (its first one, in a new store) */
  'POST /api/office/stores/:id/codes': { body: Record<string, never>, reply: { code: string, expiresAt: string } }
  'GET /api/office/managers': { body: never, reply: { managers: OfficeManager[] } }
  /** the stores an area manager runs besides their own (all of them: the list replaces the last) */
  'PUT /api/office/managers/:id/stores': { body: { stores: string[] }, reply: { stores: string[] } }
  /** a contact-centre agent: callers by phone or e-mail across all stores, their profile, a note to the stores' tablets */
  'GET /api/office/customers': { body: never, reply: { customers: ContactMatch[] } }
  'GET /api/office/customers/:id/profile': { body: never, reply: ContactProfile }
  'POST /api/office/customers/:id/notes': { body: { text: string }, reply: { note: DocTypes['interactions'] } }
  'POST /api/book-key': { body: PinSignIn, reply: BookKeyResponse }
  'GET /api/identity/reviews': { body: never, reply: { reviews: IdentityReview[] } }
  'POST /api/identity/reviews/:id': { body: { decision: IdentityDecision }, reply: { id: string, status: string } }
  'GET /api/identity/merges': { body: never, reply: { merges: IdentityMerge[] } }
  'POST /api/customers/search': { body: { q: string }, reply: { customers: CustomerSearchHit[] } }
  /** the store's own book searched by the server, as the tablet's lookup would (a new tablet before its customers arrived) */
  'POST /api/customers/book-search': { body: { q: string }, reply: { customers: BookSearchHit[] } }
  'POST /api/customers/:id/pin': { body: { reason?: PinReason }, reply: { customerId: string, storeId: string, pinned: true, alreadyInBook: boolean } }
  'GET /api/pins': { body: never, reply: { pins: StorePin[] } }
  'POST /api/customers/:id/erase': { body: { confirmShared?: boolean }, reply: { customerId: string, erased: true } }
  /**
   * A customer's history as the store's tablets get it: in the window, or with `?older=1` what is older;
   * in the window also the customer, their cart and wishlist (null: none, or with `?older=1`)
   */
  'GET /api/customers/:id/history': { body: never, reply: { orders: DocTypes['orders'][], visits: DocTypes['visits'][], interactions: DocTypes['interactions'][], customer: DocTypes['customers'] | null, cart: DocTypes['carts'] | null, wishlist: DocTypes['wishlists'] | null, historyFrom: string | null } }
  'GET /api/customers/:id/audit': { body: never, reply: { customerId: string, entries: AuditEntry[] } }
  'POST /api/audit/views': { body: { views: AuditView[] }, reply: { recorded: number } }
  'POST /api/orders/:id/receipt': { body: { email: string }, reply: { orderId: string, receiptId: string, status: 'queued' } }
  /** the store's message templates, the whole list (src/domain/templates.ts); a manager's session */
  'PUT /api/store/templates': { body: { templates: Pick<StoreTemplate, 'id' | 'name' | 'subject' | 'body'>[] }, reply: { templates: StoreTemplate[] } }
  /** the store's opening hours for appointments (src/domain/availability-rules.ts); a manager's session */
  /** a new one-time enrollment code for the manager's store, shown once */
  'POST /api/devices/codes': { body: Record<string, never>, reply: { id: string, code: string, expiresAt: string } }
  /** the store's codes not used, cancelled or expired yet */
  'GET /api/devices/codes': { body: never, reply: { codes: { id: string, createdAt: string, createdBy: string | null, expiresAt: string }[] } }
  'POST /api/devices/codes/:id/cancel': { body: Record<string, never>, reply: { id: string } }
  /** a new member of the manager's store; `pin` typed by them on the tablet, sent once, never stored */
  /** the stores a manager runs: their own, and those head office granted them (an area manager) */
  /** the last changes to how the manager's store runs: codes, staff, PINs, settings, hours */
  'GET /api/store/log': { body: never, reply: { entries: StoreLogEntry[] } }
  'GET /api/staff/stores': { body: never, reply: { stores: ManagedStore[] } }
  /** a store's staff, from the server: for an area manager's other stores (a tablet holds its own store's) */
  'GET /api/staff': { body: never, reply: { staff: StaffMember[] } }
  /** `storeId`: one of the area manager's stores (absent: the manager's own) */
  'POST /api/staff': { body: { displayName: string, staffCode: string, role: Role, specialties: AppointmentPurpose[], pin: string, storeId?: string }, reply: { associate: StaffMember } }
  'POST /api/staff/:id/deactivate': { body: Record<string, never>, reply: { associate: StaffMember } }
  'POST /api/staff/:id/reactivate': { body: Record<string, never>, reply: { associate: StaffMember } }
  /** a new PIN for a member of staff who forgot theirs (typed by them) */
  'POST /api/staff/:id/pin': { body: { pin: string }, reply: { associate: StaffMember } }
  'PUT /api/store/hours': { body: { hours: StoreHours }, reply: { hours: StoreHours } }
  /** the store's settings, all of them at once (src/domain/store-settings.ts has the limits) */
  'PUT /api/store/settings': { body: { settings: Required<StoreSettings> }, reply: { settings: StoreSettings } }
  /** an associate of the manager's store: what they specialise in and their working week (null: the store's hours) */
  'PUT /api/associates/:id/availability': { body: { specialties: AppointmentPurpose[], workingHours: WeeklyHours | null }, reply: { associate: Pick<AssociateDoc, 'id' | 'specialties' | 'workingHours'> } }
  'GET /api/reports/kpis': { body: never, reply: { period: Period, asOf: string, stores: StoreKpiReport[] } }
  /** sent pre-serialised (sync-server/storage/pull.ts pageToJson), in this shape */
  'GET /api/sync/:collection/pull': { body: never, reply: PullResponse<DocTypes[CollectionName]> }
  /** the current master of every row that was not written (a conflict) */
  'POST /api/sync/:collection/push': { body: PushRow<DocTypes[CollectionName]>[], reply: WithDeleted<DocTypes[CollectionName]>[] }
  /** `historyFrom`: where the tablets' history window starts today (null: no window), see TABLET_HISTORY_MONTHS */
  'GET /api/sync/summary': { body: never, reply: { deviceId: string, storeId: string, counts: Partial<Record<CollectionName, number>>, historyFrom: string | null } }
  'POST /api/commerce/events': { body: CommerceEvent | CommerceEvent[], reply: { id: string, outcome: CommerceEventOutcome } | { results: CommerceEventResult[] } }
  /** the same events with an integration's API key (scope events:write) instead of the shared secret's signature */
  'POST /api/v1/events': { body: CommerceEvent | CommerceEvent[], reply: { id: string, outcome: CommerceEventOutcome } | { results: CommerceEventResult[] } }
}

export type Endpoint = keyof Endpoints
export type BodyOf<E extends Endpoint> = Endpoints[E]['body']
export type ReplyOf<E extends Endpoint> = Endpoints[E]['reply']
/**
 * The Fastify route generic for an endpoint: the reply is checked against the contract;
 * the body stays unknown, because the route validates what arrives before trusting it.
 */
export interface RouteOf<E extends Endpoint> { Body: unknown, Reply: ReplyOf<E> }
