import type { StoreDoc, StoreHours } from '../../src/shared/types'

/** Fixed so the catalogue, stores and staff are byte-identical on every seed. */
export const DEMO_CATALOG_DATE = '2025-01-07T08:00:00.000Z'

export const ONLINE_STORE_ID = 'online'

const base = { kind: 'store', timezone: 'Europe/Rome', currency: 'EUR', vatRateBp: 2200, updatedAt: DEMO_CATALOG_DATE } as const

const day = (from: string, to: string) => [{ from, to }]
/**
 * Opening hours for appointments: Monday to Saturday 10:00–19:30 (a lunch break in Florence), the
 * big-city stores open on Sunday afternoons; closed on the December holidays, early on Christmas Eve.
 */
function demoHours(sunday: boolean, lunchBreak = false): StoreHours {
  const weekday = lunchBreak ? [{ from: '10:00', to: '13:30' }, { from: '15:00', to: '19:30' }] : day('10:00', '19:30')
  const closed = ['2026-12-08', '2026-12-25', '2026-12-26', '2027-01-01', '2027-01-06', '2027-12-08', '2027-12-25', '2027-12-26']
  return {
    weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekday, ...(sunday ? { sun: day('11:00', '19:00') } : {}) },
    exceptions: [...closed.map(d => ({ day: d, hours: [] })), { day: '2026-12-24', hours: day('10:00', '16:00') }, { day: '2027-12-24', hours: day('10:00', '16:00') }],
  }
}

// Addresses are in the right streets and postcodes but the numbers and phone lines are invented.
export const DEMO_STORES: StoreDoc[] = [
  {
    ...base,
    id: 'store-milano-duomo',
    name: 'Milano Duomo',
    address: { line1: 'Via Dante 14', city: 'Milano', postalCode: '20121', province: 'MI', country: 'IT' },
    phone: '+39 02 8058 1420',
    email: 'milano.duomo@negozi.example.com',
    hours: demoHours(true),
  },
  {
    ...base,
    id: 'store-roma-condotti',
    name: 'Roma Via Condotti',
    address: { line1: 'Via dei Condotti 48', city: 'Roma', postalCode: '00187', province: 'RM', country: 'IT' },
    phone: '+39 06 6979 0448',
    email: 'roma.condotti@negozi.example.com',
    hours: demoHours(true),
  },
  {
    ...base,
    id: 'store-firenze-tornabuoni',
    name: 'Firenze Tornabuoni',
    address: { line1: 'Via de\' Tornabuoni 27/R', city: 'Firenze', postalCode: '50123', province: 'FI', country: 'IT' },
    phone: '+39 055 239 8827',
    email: 'firenze.tornabuoni@negozi.example.com',
    hours: demoHours(false, true),
  },
  {
    ...base,
    id: 'store-torino-roma',
    name: 'Torino Via Roma',
    address: { line1: 'Via Roma 112', city: 'Torino', postalCode: '10121', province: 'TO', country: 'IT' },
    phone: '+39 011 561 2112',
    email: 'torino.viaroma@negozi.example.com',
    hours: demoHours(false),
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
