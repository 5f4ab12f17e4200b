import type { StoreDoc } from '../../src/shared/types'

/** Fixed so the catalogue, stores and staff are byte-identical on every seed. */
export const DEMO_CATALOG_DATE = '2025-01-07T08:00:00.000Z'

export const ONLINE_STORE_ID = 'online'

const base = { kind: 'store', timezone: 'Europe/Rome', currency: 'EUR', vatRateBp: 2200, updatedAt: DEMO_CATALOG_DATE } as const

// Addresses are in the right streets and postcodes but the numbers and phone lines are invented.
export const DEMO_STORES: StoreDoc[] = [
  {
    ...base,
    id: 'store-milano-duomo',
    name: 'Milano Duomo',
    address: { line1: 'Via Dante 14', city: 'Milano', postalCode: '20121', province: 'MI', country: 'IT' },
    phone: '+39 02 8058 1420',
    email: 'milano.duomo@negozi.example.com',
  },
  {
    ...base,
    id: 'store-roma-condotti',
    name: 'Roma Via Condotti',
    address: { line1: 'Via dei Condotti 48', city: 'Roma', postalCode: '00187', province: 'RM', country: 'IT' },
    phone: '+39 06 6979 0448',
    email: 'roma.condotti@negozi.example.com',
  },
  {
    ...base,
    id: 'store-firenze-tornabuoni',
    name: 'Firenze Tornabuoni',
    address: { line1: 'Via de\' Tornabuoni 27/R', city: 'Firenze', postalCode: '50123', province: 'FI', country: 'IT' },
    phone: '+39 055 239 8827',
    email: 'firenze.tornabuoni@negozi.example.com',
  },
  {
    ...base,
    id: 'store-torino-roma',
    name: 'Torino Via Roma',
    address: { line1: 'Via Roma 112', city: 'Torino', postalCode: '10121', province: 'TO', country: 'IT' },
    phone: '+39 011 561 2112',
    email: 'torino.viaroma@negozi.example.com',
  },
  {
    ...base,
    id: ONLINE_STORE_ID,
    kind: 'warehouse',
    name: 'Negozio online',
    address: { line1: 'Via dell\'Artigianato 9', city: 'Castel San Giovanni', postalCode: '29015', province: 'PC', country: 'IT' },
    phone: '+39 0523 880 900',
    email: 'servizio.clienti@shop.example.com',
  },
]

export const PHYSICAL_STORE_IDS: readonly string[] = DEMO_STORES.filter(s => s.kind === 'store').map(s => s.id)
