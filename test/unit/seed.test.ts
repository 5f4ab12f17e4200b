import type { ValidateFunction } from 'ajv'
import type { AssociateDoc, CollectionName, OrderDoc } from '../../src/shared/types'
import { APPOINTMENT_PURPOSES } from '../../src/shared/types'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { beforeAll, describe, expect, it } from 'vitest'
import { schemas } from '../../src/shared/schemas'
import { customerKeys } from '../../src/shared/search'
import { DEFAULT_PIN_ITERATIONS, hashPin, verifyPin } from '../../sync-server/auth/pin'
import {
  ASSOCIATES_BY_STORE,
  DEMO_NOW,
  DEMO_PINS,
  DEMO_STORES,
  demoAssociates,
  demoCustomers,
  demoInventory,
  demoMarkdowns,
  demoProducts,
  isValidEan13,
  ONLINE_STORE_ID,
  vatIncluded,
} from '../../sync-server/seed'
import { isoAt } from '../../sync-server/seed/random'
import { demoAppointments } from '../../sync-server/seed/appointments'
import { demoActivity } from '../../sync-server/seed/visits'
import { checkDerivedFields } from '../../sync-server/sync/consistency'
import { orderBreach } from '../../sync-server/sync/order-rules'
import { pinProblem } from '../../src/shared/pin-rules'

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)

function validatorFor(collection: CollectionName): ValidateFunction {
  const { version: _v, primaryKey: _p, indexes: _i, ...schema } = schemas[collection]
  return ajv.compile(schema)
}

/** The first few invalid documents with ajv's reasons, so a failure says what is wrong. */
function invalidDocs(collection: CollectionName, docs: readonly object[]): string[] {
  const validate = validatorFor(collection)
  const problems: string[] = []
  for (const doc of docs) {
    if (!validate(doc))
      problems.push(`${(doc as { id: string }).id}: ${ajv.errorsText(validate.errors)}`)
    if (problems.length >= 5)
      break
  }
  return problems
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const CUSTOMERS = 600

const products = demoProducts()
const inventory = demoInventory(products, DEMO_STORES)
const data = demoCustomers({ count: CUSTOMERS, products })
const productBySku = new Map(products.map(p => [p.sku, p]))
const activity = demoActivity(data.orders, Date.parse(DEMO_NOW))
let associates: AssociateDoc[] = []

beforeAll(async () => {
  // The real iteration count, once: the PIN tests below check exactly what gets seeded.
  associates = await demoAssociates()
})

describe('demo data', () => {
  it('has the four stores and the online warehouse with stable ids, EUR and 22 % VAT', () => {
    expect(DEMO_STORES.map(s => s.id)).toEqual(['store-milano-duomo', 'store-roma-condotti', 'store-firenze-tornabuoni', 'store-torino-roma', ONLINE_STORE_ID])
    expect(DEMO_STORES.find(s => s.id === ONLINE_STORE_ID)?.kind).toBe('warehouse')
    for (const store of DEMO_STORES) {
      expect(store).toMatchObject({ currency: 'EUR', vatRateBp: 2200, timezone: 'Europe/Rome' })
      expect(store.address.postalCode).toMatch(/^\d{5}$/)
      expect(store.address.province).toMatch(/^[A-Z]{2}$/)
    }
  })

  it('validates every generated document of every collection against its schema', () => {
    const byCollection: [CollectionName, readonly object[]][] = [
      ['stores', DEMO_STORES],
      ['associates', associates],
      ['products', products],
      ['inventory', inventory],
      ['customers', data.customers],
      ['carts', data.carts],
      ['wishlists', data.wishlists],
      ['orders', data.orders],
      ['visits', activity.visits],
      ['interactions', activity.interactions],
    ]
    for (const [collection, docs] of byCollection) {
      expect(docs.length, collection).toBeGreaterThan(0)
      expect(invalidDocs(collection, docs), collection).toEqual([])
    }
  })

  it('passes the server\'s consistency checks: search keys, one cart per customer, order arithmetic', () => {
    const failures = [
      ...data.customers.map(d => ['customers', d] as const),
      ...data.carts.map(d => ['carts', d] as const),
      ...data.wishlists.map(d => ['wishlists', d] as const),
      ...data.orders.map(d => ['orders', d] as const),
    ].flatMap(([collection, doc]) => {
      const problem = checkDerivedFields(collection, doc as never)
      return problem ? [`${doc.id}: ${problem}`] : []
    })
    expect(failures.slice(0, 5)).toEqual([])
  })

  it('makes every store sale one the server takes from a tablet: catalogue SKUs and prices, the store\'s currency and VAT, discounts a manager of the store approved for one of management\'s reasons', () => {
    const managers = (storeId: string) => new Set(DEMO_PINS.filter(p => p.storeId === storeId && p.role === 'manager').map(p => p.id))
    const sales = data.orders.filter(o => o.channel === 'store')
    const failures = sales.flatMap((o) => {
      const breach = orderBreach(o, { store: DEMO_STORES.find(s => s.id === o.storeId), products: productBySku, endedPrices: new Map(), managers: managers(o.storeId!) })
      return breach ? [`${o.id}: ${breach.code} ${breach.message}`] : []
    })
    expect(failures.slice(0, 5)).toEqual([])
    expect(sales.some(o => o.discountMinor > 0)).toBe(true)
  })

  it('generates identical documents on a second run', async () => {
    expect(demoProducts()).toEqual(products)
    expect(demoInventory(demoProducts(), DEMO_STORES)).toEqual(inventory)
    expect(demoCustomers({ count: CUSTOMERS, products: demoProducts(), now: DEMO_NOW })).toEqual(data)
    const [a, b] = await Promise.all([demoAssociates(100_000), demoAssociates(100_000)])
    expect(a).toEqual(b)
  })

  it('generates customer i the same whether 10 or 20 are asked for, and continues from startIndex', () => {
    const ten = demoCustomers({ count: 10, products })
    const twenty = demoCustomers({ count: 20, products })
    const next = demoCustomers({ count: 10, startIndex: 10, products })
    expect(twenty.customers.slice(0, 10)).toEqual(ten.customers)
    expect(twenty.carts.slice(0, 10)).toEqual(ten.carts)
    expect(twenty.wishlists.slice(0, 10)).toEqual(ten.wishlists)
    expect(twenty.orders.filter(o => ten.customers.some(c => c.id === o.customerId))).toEqual(ten.orders)
    expect([...ten.customers, ...next.customers]).toEqual(twenty.customers)
    expect([...ten.orders, ...next.orders]).toEqual(twenty.orders)
    expect(new Set(twenty.customers.map(c => c.id)).size).toBe(20)
  })

  it('keeps every order internally consistent: lines, subtotal, discount, total and the VAT included', () => {
    const check = (o: OrderDoc) => {
      for (const l of o.lines) {
        expect(l.totalMinor).toBe(l.qty * l.unitPriceMinor - l.discountMinor)
        expect(l.discountMinor > 0).toBe(l.discountReason !== null)
        expect(productBySku.get(l.sku)?.name).toBe(l.name)
      }
      expect(o.subtotalMinor).toBe(o.lines.reduce((s, l) => s + l.qty * l.unitPriceMinor, 0))
      expect(o.discountMinor).toBe(o.lines.reduce((s, l) => s + l.discountMinor, 0))
      expect(o.totalMinor).toBe(o.subtotalMinor - o.discountMinor)
      expect(o.vatMinor).toBe(Math.round(o.totalMinor * 2200 / 12200))
      expect(new Set(o.lines.map(l => `${l.sku}/${l.size}`)).size).toBe(o.lines.length)
    }
    data.orders.forEach(check)
    expect(vatIncluded(12_200)).toBe(2200)
    expect(data.orders.some(o => o.discountMinor > 0)).toBe(true)
  })

  it('makes each customer\'s lifetime value the sum of their orders', () => {
    const sums = new Map<string, number>()
    for (const o of data.orders) sums.set(o.customerId!, (sums.get(o.customerId!) ?? 0) + o.totalMinor)
    for (const c of data.customers) expect(c.lifetimeValueMinor, c.id).toBe(sums.get(c.id) ?? 0)
  })

  it('places about three orders per customer, from 0 to 8, within the last three years', () => {
    const perCustomer = data.customers.map(c => data.orders.filter(o => o.customerId === c.id).length)
    const mean = perCustomer.reduce((a, b) => a + b, 0) / perCustomer.length
    expect(mean).toBeGreaterThan(2.5)
    expect(mean).toBeLessThan(3.8)
    expect(Math.max(...perCustomer)).toBeLessThanOrEqual(8)
    const now = Date.parse(DEMO_NOW)
    for (const o of data.orders) {
      const placed = Date.parse(o.placedAt)
      expect(placed).toBeLessThan(now)
      expect(placed).toBeGreaterThan(now - 3 * 366 * 86_400_000)
    }
  })

  it('gives store orders a store and one of its associates, and web and app orders neither', () => {
    const channels = new Set(data.orders.map(o => o.channel))
    expect([...channels].sort()).toEqual(['app', 'store', 'web'])
    for (const o of data.orders) {
      if (o.channel === 'store') {
        expect(ASSOCIATES_BY_STORE.get(o.storeId!)).toContain(o.associateId)
        expect(o.paymentMethod).not.toBe('online')
        expect(o.receipt.status).toBe(o.receipt.email ? 'sent' : 'none')
      }
      else {
        expect([o.storeId, o.associateId, o.paymentMethod, o.receipt.status]).toEqual([null, null, 'online', 'none'])
      }
    }
  })

  it('keeps cart and wishlist items unique by sku and size, with sizes the product offers', () => {
    const associateIds = new Set(DEMO_PINS.map(p => p.id))
    for (const list of [...data.carts, ...data.wishlists]) {
      expect(list.id).toBe(list.customerId)
      expect(new Set(list.items.map(i => `${i.sku}/${i.size}`)).size).toBe(list.items.length)
      for (const item of list.items) {
        const product = productBySku.get(item.sku)!
        expect(product.sizes.length ? product.sizes : ['']).toContain(item.size)
        expect(item.addedBy === 'customer' || (item.channel === 'store' && associateIds.has(item.addedBy))).toBe(true)
      }
    }
    expect(data.carts.some(c => c.items.length === 4)).toBe(true)
    expect(data.wishlists.some(c => c.items.length === 5)).toBe(true)
  })

  it('writes every timestamp as ISO-8601 UTC with milliseconds', () => {
    const stamps = [
      ...data.customers.flatMap(c => [c.updatedAt, c.createdAt, ...Object.values(c.consents).map(k => k.capturedAt)]),
      ...data.orders.flatMap(o => [o.updatedAt, o.placedAt, ...(o.receipt.sentAt ? [o.receipt.sentAt] : [])]),
      ...[...data.carts, ...data.wishlists].flatMap(l => [l.updatedAt, ...l.items.map(i => i.addedAt)]),
    ]
    for (const s of stamps) expect(s).toMatch(ISO_MS)
    for (const c of data.customers) expect(c.updatedAt >= c.createdAt).toBe(true)
    const samples = [0, -1, 86_399_999, Date.parse('2024-02-29T23:59:59.999Z'), ...Array.from({ length: 2000 }, (_, i) => 1_700_000_000_000 + i * 987_654_321)]
    for (const ms of samples) expect(isoAt(ms)).toBe(new Date(ms).toISOString())
  })

  it('gives every product 1–2 valid EAN-13 barcodes, unique across the catalogue', () => {
    expect(products.length).toBeGreaterThanOrEqual(250)
    const all = products.flatMap(p => p.barcodes)
    for (const p of products) expect(p.barcodes.length).toBeGreaterThanOrEqual(1)
    for (const code of all) expect(isValidEan13(code), code).toBe(true)
    expect(new Set(all).size).toBe(all.length)
    expect(isValidEan13('4006381333931')).toBe(true)
    expect(isValidEan13('4006381333932')).toBe(false)
  })

  it('prices products realistically and links their image and shop page by sku', () => {
    for (const p of products) {
      expect(p.id).toBe(p.sku)
      expect(p.sku).toMatch(/^SKU-\d{6}$/)
      expect(p.priceMinor).toBeGreaterThanOrEqual(2900)
      expect(p.priceMinor).toBeLessThanOrEqual(89_000)
      expect(p.imageUrl).toBe(`/products/${p.sku}.svg`)
      expect(p.url).toBe(`https://shop.example.com/p/${p.sku}`)
    }
    expect(new Set(products.map(p => p.category)).size).toBeGreaterThanOrEqual(10)
  })

  it('stocks every product in every store and the online warehouse with 0–12 on hand', () => {
    expect(inventory).toHaveLength(products.length * DEMO_STORES.length)
    for (const row of inventory) {
      expect(row.id).toBe(`${row.storeId}:${row.sku}`)
      expect(row.onHand).toBeGreaterThanOrEqual(0)
      expect(row.onHand).toBeLessThanOrEqual(12)
    }
    expect(inventory.some(r => r.onHand === 0)).toBe(true)
  })

  it('marks about one product in ten down by a fifth, recording the earlier price and when, as the server would', () => {
    const at = '2026-12-02T00:00:00.000Z'
    const marked = demoMarkdowns(products, at).filter(p => p.priceChangedAt)
    expect(marked.length / products.length).toBeGreaterThan(0.05)
    expect(marked.length / products.length).toBeLessThan(0.16)
    for (const p of marked) {
      expect(p.priceChangedAt).toBe(at)
      expect(p.priceMinor).toBe(Math.round(p.previousPriceMinor! * 0.8 / 100) * 100)
    }
    expect(invalidDocs('products', marked)).toEqual([])
  })

  it('names customers with accents and apostrophes, mostly Italian, and folds them in the search keys', () => {
    const names = data.customers.map(c => `${c.firstName} ${c.lastName}`)
    expect(names.some(n => /[^\u0020-\u007E]/.test(n))).toBe(true)
    expect(names.some(n => n.includes('\''))).toBe(true)
    const accented = data.customers.find(c => /[^\u0020-\u007E]/.test(c.firstName + c.lastName))!
    expect(accented.nameKey).toBe(customerKeys(accented).nameKey)
    expect(accented.nameKey).toMatch(/^[a-z0-9 ]+$/)
    const italian = data.customers.filter(c => c.language === 'it').length / data.customers.length
    expect(italian).toBeGreaterThan(0.65)
    expect(data.customers.some(c => c.language === 'en')).toBe(true)
    expect(data.customers.some(c => c.phone === null)).toBe(true)
    expect(data.customers.some(c => c.homeStoreId === null)).toBe(true)
    for (const c of data.customers) {
      if (c.email)
        expect(c.email).toMatch(/^[a-z0-9._]+@([a-z]+\.)?example\.(com|net|org)$/)
      if (c.loyaltyId)
        expect(c.loyaltyId).toMatch(/^LOY-\d{8}$/)
    }
  })
})

describe('demo appointments\' availability', () => {
  it('opens every physical store on weekdays, and gives each store a specialist for every purpose with a working week', () => {
    for (const store of DEMO_STORES.filter(s => s.kind === 'store')) {
      expect(store.hours?.weekly.mon?.length, store.id).toBeGreaterThan(0)
      const staff = associates.filter(a => a.storeId === store.id)
      for (const purpose of APPOINTMENT_PURPOSES)
        expect(staff.some(a => a.specialties?.includes(purpose)), `${store.id} ${purpose}`).toBe(true)
      expect(staff.every(a => Object.keys(a.workingHours ?? {}).length >= 5)).toBe(true)
    }
  })

  // A Monday: every store is open, so each has appointments today.
  const monday = Date.parse('2026-12-07T06:00:00.000Z')
  const book = demoAppointments(demoCustomers({ count: 1000, products, now: new Date(monday) }), demoActivity(demoCustomers({ count: 1000, products, now: new Date(monday) }).orders, monday).visits, monday)

  it('books valid appointments: the past ones came (linked to their visit), missed or were cancelled, the coming ones are booked', () => {
    expect(invalidDocs('appointments', book)).toEqual([])
    const past = book.filter(a => Date.parse(a.end) < monday)
    expect(new Set(past.map(a => a.status))).toEqual(new Set(['arrived', 'no-show', 'cancelled']))
    expect(past.filter(a => a.status === 'arrived').every(a => a.visitId)).toBe(true)
    expect(book.filter(a => Date.parse(a.start) > monday).every(a => a.status === 'booked')).toBe(true)
    expect(new Set(book.map(a => a.source))).toEqual(new Set(['tablet', 'web']))
  })

  it('gives every store appointments today, inside its hours, and one double booking at Milano to resolve', () => {
    const today = book.filter(a => a.start.startsWith('2026-12-07') && a.status === 'booked')
    for (const store of DEMO_STORES.filter(s => s.kind === 'store'))
      expect(today.filter(a => a.storeId === store.id).length, store.id).toBeGreaterThanOrEqual(2)
    const clock = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))
    expect(today.every(a => clock(a.start) >= '09:30' && clock(a.end) <= '19:30')).toBe(true)
    const flagged = book.filter(a => a.overlaps.length)
    expect(flagged).toHaveLength(2)
    expect(flagged[0]!.overlaps).toEqual([flagged[1]!.id])
    const booked = book.filter(a => a.status === 'booked' && !a.overlaps.length)
    const clash = booked.some(a => booked.some(b => b.id !== a.id && b.associateId === a.associateId && a.start < b.end && b.start < a.end))
    expect(clash).toBe(false)
  })
})

describe('demo associates and PINs', () => {
  it('has a manager and three associates per store, each PIN the staff number written twice (three times for a manager\'s six digits)', () => {
    expect(associates).toHaveLength(16)
    for (const storeId of DEMO_STORES.filter(s => s.kind === 'store').map(s => s.id)) {
      const staff = associates.filter(a => a.storeId === storeId)
      expect(staff.map(a => a.role).sort()).toEqual(['associate', 'associate', 'associate', 'manager'])
    }
    for (const p of DEMO_PINS) expect(p.pin).toBe(p.staffCode.slice(-2).repeat(p.role === 'manager' ? 3 : 2))
    for (const p of DEMO_PINS) expect(pinProblem(p.role, p.pin)).toBeNull()
    expect(DEMO_PINS.find(p => p.staffCode === 'MI01')).toMatchObject({ id: 'assoc-mi-01', role: 'manager', pin: '010101' })
  })

  it('hashes the seeded PINs with the default iterations, so verifyPin accepts the right PIN and rejects a wrong one', async () => {
    const manager = associates.find(a => a.staffCode === 'RM01')!
    expect(manager.pin).toMatchObject({ algorithm: 'PBKDF2-SHA-256', iterations: DEFAULT_PIN_ITERATIONS })
    expect(await verifyPin('010101', manager.pin)).toBe(true)
    expect(await verifyPin('0102', manager.pin)).toBe(false)
    expect(await verifyPin('', manager.pin)).toBe(false)
  })

  it('derives the same bits as WebCrypto PBKDF2, so the tablet can verify offline', async () => {
    const salt = Buffer.from('0123456789abcdef')
    const hashed = await hashPin('4711', { iterations: 100_000, salt })
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('4711'), 'PBKDF2', false, ['deriveBits'])
    const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 100_000 }, key, 256)
    expect(Buffer.from(bits).toString('base64')).toBe(hashed.hash)
    expect(hashed.salt).toBe(salt.toString('base64'))
  })

  it('uses a fresh random salt unless one is given, and refuses malformed hashes', async () => {
    const [a, b] = await Promise.all([hashPin('1234', { iterations: 1000 }), hashPin('1234', { iterations: 1000 })])
    expect(a.salt).not.toBe(b.salt)
    expect(Buffer.from(a.salt, 'base64')).toHaveLength(16)
    expect(Buffer.from(a.hash, 'base64')).toHaveLength(32)
    expect(await verifyPin('1234', a)).toBe(true)
    expect(await verifyPin('1234', { ...a, hash: a.hash.slice(0, 20) })).toBe(false)
    expect(await verifyPin('1234', { ...a, iterations: 0 })).toBe(false)
    expect(await verifyPin('1234', { ...a, algorithm: 'MD5' as never })).toBe(false)
  })
})

describe('demo floor activity', () => {
  it('turns each store sale of the last 60 days into its visit, with earlier visits without a sale', () => {
    const recent = data.orders.filter(o => o.channel === 'store' && Date.parse(o.placedAt) >= Date.parse(DEMO_NOW) - 60 * 86_400_000)
    expect(recent.length).toBeGreaterThan(10)
    const sold = activity.visits.filter(v => v.outcome === 'purchase')
    expect(sold.map(v => v.orderId).sort()).toEqual(recent.map(o => o.id).sort())
    expect(activity.visits.some(v => v.outcome === 'no_purchase') && activity.visits.some(v => v.outcome === 'follow_up')).toBe(true)
    for (const v of activity.visits) expect(v.startedAt <= (v.endedAt ?? v.startedAt)).toBe(true)
    const visitIds = new Set(activity.visits.map(v => v.id))
    expect(activity.interactions.every(i => visitIds.has(i.visitId))).toBe(true)
  })

  it('is the same on a second run', () => {
    expect(demoActivity(data.orders, Date.parse(DEMO_NOW))).toEqual(activity)
  })
})
