/**
 * Deterministic demo data: four stores in Milano, Roma, Firenze and Torino plus the online
 * warehouse, their staff, a fashion catalogue with stock, and any number of customers with
 * carts, wishlists and three years of orders. Pure data: the caller writes it through the
 * server's normal write path. Same inputs, same documents, byte for byte.
 */
export { ASSOCIATES_BY_STORE, type DemoPin, demoAssociates, demoPinFor, DEMO_PINS, demoSaltFor, wrapDemoBookKeys } from './associates'
export { DEMO_PRODUCT_COUNT, demoInventory, demoMarkdowns, demoProducts, ean13CheckDigit, inventoryId, isValidEan13, skuFor } from './catalog'
export { customerIdFor, DEMO_NOW, type DemoCustomerData, demoCustomers, type DemoCustomersOptions } from './customers'
export { VAT_RATE_BP, vatIncluded } from './orders'
export { DEMO_CATALOG_DATE, DEMO_STORES, ONLINE_STORE_ID, PHYSICAL_STORE_IDS } from './stores'
