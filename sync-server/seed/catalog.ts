import type { InventoryDoc, ProductDoc, StoreDoc } from '../../src/shared/types'
import { BRANDS, CATEGORIES, MODELS, PALETTES, SIZE_SYSTEMS } from './catalog-data'
import { hashSeed, Rng } from './random'
import { DEMO_CATALOG_DATE } from './stores'

export const DEMO_PRODUCT_COUNT = 300
const MIN_PRICE_MINOR = 2900
const MAX_PRICE_MINOR = 89000
export const SHOP_URL = 'https://shop.example.com'

export const skuFor = (n: number): string => `SKU-${String(n).padStart(6, '0')}`

/** The GS1 check digit: weights 1 and 3 alternating from the left over the first 12 digits. */
export function ean13CheckDigit(first12: string): number {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 ? 3 : 1)
  return (10 - (sum % 10)) % 10
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12])
}

/**
 * 80–83 is GS1 Italy's range; the company part comes from the brand and the item part from
 * the product number, so no two products share a code.
 */
function ean13(brand: string, itemReference: number): string {
  const company = `80${String(10_000 + (hashSeed('gs1', brand) % 90_000))}`
  const first12 = company + String(itemReference).padStart(5, '0')
  return first12 + String(ean13CheckDigit(first12))
}

/** Prices as shops write them: €129,00 below €300, then round fives of euros (€450,00). */
function pricePoint(cents: number): number {
  const rounded = cents < 30_000 ? Math.round(cents / 1000) * 1000 - 100 : Math.round(cents / 5000) * 5000
  return Math.min(MAX_PRICE_MINOR, Math.max(MIN_PRICE_MINOR, rounded))
}

export function demoProducts(count = DEMO_PRODUCT_COUNT): ProductDoc[] {
  const products: ProductDoc[] = []
  for (let n = 1; n <= count; n++) {
    const rng = Rng.of('product', n)
    const def = rng.weighted(CATEGORIES.map(c => [c, c.weight] as const))
    const [noun, sizeSystem] = rng.pick(def.nouns)
    const [material, factor] = rng.pick(def.materials)
    const brand = rng.pick(BRANDS[def.brands])
    const model = rng.chance(0.8) ? ` ${rng.pick(MODELS)}` : ''
    const [min, max] = def.price
    // Skewed towards the cheaper end, as real assortments are.
    const base = min + (max - min) * rng.next() ** 1.6
    const sku = skuFor(n)
    products.push({
      id: sku,
      updatedAt: DEMO_CATALOG_DATE,
      sku,
      name: `${noun}${model} in ${material}`,
      brand,
      category: def.category,
      priceMinor: pricePoint(base * factor),
      currency: 'EUR',
      sizes: [...SIZE_SYSTEMS[sizeSystem]],
      colours: rng.sample(PALETTES[def.palette], rng.weighted([[1, 3], [2, 4], [3, 2], [4, 1]])),
      barcodes: Array.from({ length: rng.chance(0.3) ? 2 : 1 }, (_, k) => ean13(brand, n * 3 + k)),
      imageUrl: `/products/${sku}.svg`,
      url: `${SHOP_URL}/p/${sku}`,
    })
  }
  return products
}

function fnv(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

export const inventoryId = (storeId: string, sku: string): string => `${storeId}:${sku}`

/**
 * The demo's markdowns: about one product in ten costs a fifth less since `at` (prices rounded
 * to the euro), so wishlists show price drops on Today. The earlier price is the server's record
 * of the change, as a platform's product event would leave it.
 */
export function demoMarkdowns(products: readonly ProductDoc[], at: string): ProductDoc[] {
  return products.map((p) => {
    if (fnv(`markdown:${p.sku}`) % 10 !== 0)
      return p
    return { ...p, priceMinor: Math.round(p.priceMinor * 0.8 / 100) * 100, previousPriceMinor: p.priceMinor, priceChangedAt: at, updatedAt: at }
  })
}

/**
 * The stock of every store. With `restockedAt`, about one line in twelve that has pieces was
 * restocked then (its record changed), so wishlists show items back in stock on Today.
 */
export function demoInventory(products: readonly ProductDoc[], stores: readonly StoreDoc[], options: { restockedAt?: string } = {}): InventoryDoc[] {
  const docs: InventoryDoc[] = []
  for (const store of stores) {
    for (const product of products) {
      const rng = Rng.of('inventory', store.id, product.sku)
      // Dear pieces are stocked thin; about one line in eight is sold out somewhere.
      const depth = product.priceMinor > 40_000 ? 3 : product.priceMinor > 15_000 ? 6 : 12
      const onHand = rng.chance(0.12) ? 0 : Math.min(12, rng.int(1, depth) + (store.kind === 'warehouse' ? rng.int(0, 4) : 0))
      const restocked = options.restockedAt && onHand > 0 && store.kind === 'store' && fnv(`${store.id}:${product.sku}`) % 12 === 0
      docs.push({ id: inventoryId(store.id, product.sku), updatedAt: restocked ? options.restockedAt! : DEMO_CATALOG_DATE, storeId: store.id, sku: product.sku, onHand })
    }
  }
  return docs
}
