import { APPOINTMENT_PURPOSES } from '../types/appointments'
import { arrayOf, bool, collectionSchema, enumOf, id, int, iso, nullable, nullableIso, nullableStr, obj, partialObj, str, strArray } from './common'

const CLOCK = '^([01][0-9]|2[0-3]):[0-5][0-9]$'
const ranges = () => arrayOf(obj({ from: str(5, { pattern: CLOCK }), to: str(5, { pattern: CLOCK }) }), { maxItems: 4 })
// RxDB field names start with a letter: weekdays by name.
const weekly = () => partialObj({ mon: ranges(), tue: ranges(), wed: ranges(), thu: ranges(), fri: ranges(), sat: ranges(), sun: ranges() })

export const storeSchema = collectionSchema('store', {
  name: str(120),
  kind: enumOf(['store', 'warehouse']),
  address: obj({ line1: str(200), city: str(100), postalCode: str(20), province: str(40), country: str(2) }),
  timezone: str(64),
  currency: str(3, { minLength: 3 }),
  vatRateBp: int(0, 10_000),
  phone: str(40),
  email: str(200),
  // Version 1: the store's settings (the manager's settings screen; absent: the defaults).
  settings: nullable(partialObj({
    lapsedDays: int(7, 730),
    quietHours: obj({ from: str(5, { pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }), to: str(5, { pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }) }),
    contactsPerWeek: int(0, 50),
    attributionDays: int(1, 90),
    // Version 4: the inactivity lock, from the tablet's own choice to the store's.
    inactivityMinutes: int(1, 30),
  })),
  // Version 2: the store's message templates (the manager's template editor).
  templates: nullable(arrayOf(obj({
    id: str(40, { pattern: '^[a-z0-9-]{1,40}$' }),
    name: nullableStr(60),
    subject: obj({ it: str(200), en: str(200) }),
    body: obj({ it: str(2000), en: str(2000) }),
    updatedBy: id(),
    updatedAt: iso(),
  }), { maxItems: 30 })),
  // Version 3: opening hours for appointments (the manager's settings).
  hours: nullable(obj({
    weekly: weekly(),
    exceptions: arrayOf(obj({ day: str(10, { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), hours: ranges() }), { maxItems: 366 }),
  })),
}, { required: ['id', 'updatedAt', 'name', 'kind', 'address', 'timezone', 'currency', 'vatRateBp', 'phone', 'email'], version: 4 })

export const associateSchema = collectionSchema('associate', {
  storeId: id(),
  displayName: str(120, { minLength: 1 }),
  staffCode: str(20, { minLength: 1 }),
  role: enumOf(['associate', 'manager']),
  pin: obj({
    algorithm: enumOf(['PBKDF2-SHA-256']),
    iterations: int(100_000, 10_000_000),
    salt: str(64),
    hash: str(64),
  }),
  active: bool(),
  // Written by the server when it learns the PIN (seed, an online sign-in): see src/shared/book-key.ts.
  bookKey: nullable(obj({
    keyId: str(64, { minLength: 1 }),
    algorithm: enumOf(['PBKDF2-SHA-256/AES-256-GCM']),
    iterations: int(1, 10_000_000),
    salt: str(64),
    iv: str(64),
    wrapped: str(128),
  })),
  // Version 2: what they are booked for by preference, and their working week.
  specialties: nullable(arrayOf(enumOf(APPOINTMENT_PURPOSES), { maxItems: 6 })),
  workingHours: nullable(weekly()),
}, { required: ['id', 'updatedAt', 'storeId', 'displayName', 'staffCode', 'role', 'pin', 'active'], indexes: ['storeId', 'staffCode'], version: 2 })

export const productSchema = collectionSchema('product', {
  sku: str(64, { minLength: 1 }),
  name: str(200, { minLength: 1 }),
  brand: str(100),
  category: str(60),
  priceMinor: int(),
  currency: str(3, { minLength: 3 }),
  sizes: strArray(40, 20),
  colours: strArray(20, 40),
  barcodes: strArray(20, 32),
  imageUrl: str(500),
  url: str(500),
  // Version 1: the last price change (the server writes it from the platform's product events).
  previousPriceMinor: nullable(int()),
  priceChangedAt: nullableIso(),
}, { required: ['id', 'updatedAt', 'sku', 'name', 'brand', 'category', 'priceMinor', 'currency', 'sizes', 'colours', 'barcodes', 'imageUrl', 'url'], indexes: ['sku', 'name'], version: 1 })

export const inventorySchema = collectionSchema('inventory', {
  storeId: id(),
  sku: str(64, { minLength: 1 }),
  onHand: int(-1_000_000, 1_000_000),
}, { indexes: ['sku'] })
