/**
 * Customer lookup on the tablet. Every query is an indexed read of one of the derived
 * search keys (schemas/customers.ts): a $regex would scan all 20k customers on every
 * keystroke (docs/DESIGN.md, Known pitfalls). Names and loyalty ids are prefix ranges sorted by
 * that same key, so the storage can stop after `limit` documents; name queries read a
 * candidate set from the ranges and filter it with the shared nameMatches, so "ross mar"
 * finds "Maria Rossi". E-mail and phone are exact matches: on the tablet's disk their keys
 * are keyed hashes (./sealed-storage.ts), which have no prefixes.
 */
import type { MangoQuery } from 'rxdb'
import type { SearchQuery } from '../shared/search'
import type { CustomerDoc } from '../shared/types'
import { filter, firstValueFrom, map, timeout } from 'rxjs'
import { loyaltyKey, nameMatches, parseSearchQuery } from '../shared/search'
import { getAppDatabase } from './app-database'
import { storedSearchKey } from './database'
import { readByIdsNow, readNow } from './rxdb-internals'
import type { CustomerSummary } from '../models/customer'

export type CustomerKeyField = 'nameKey' | 'nameKeyAlt' | 'emailKey' | 'phoneKey' | 'loyaltyKey'

const RESULT_LIMIT = 50
/** A word's range is filtered by the other words, so it reads further than a page. */
const RANGE_LIMIT = 250
const MAX_TOKENS = 3

export function prefixRange(field: CustomerKeyField, prefix: string, limit: number): MangoQuery<CustomerDoc> {
  return {
    selector: { [field]: { $gte: prefix, $lt: `${prefix}\uffff` } },
    sort: [{ [field]: 'asc' }],
    limit,
  }
}

function exactKey(field: 'emailKey' | 'phoneKey', key: string, limit: number): MangoQuery<CustomerDoc> {
  return { selector: { [field]: key }, sort: [{ [field]: 'asc' }], limit }
}

/**
 * The queries a search runs, in stages: pure, so tests can check that each one is indexed.
 * A later stage runs only when the earlier ones matched less than a page. A name's first
 * stage is what was typed as a prefix of the whole name ("de s" → "De Santis Maria"), which
 * is all that a surname's first letters need; only when that fills no page are the words'
 * own ranges read (any word can be the one the name starts with, and the candidates are
 * filtered by nameMatches: "ross mar" → "Rossi Maria"). An e-mail or phone query carries the
 * key as stored (blind on the tablet: see searchCustomers).
 */
export function searchStages(query: SearchQuery): MangoQuery<CustomerDoc>[][] {
  switch (query.kind) {
    case 'empty':
      return []
    case 'email':
      return [[exactKey('emailKey', query.key, RESULT_LIMIT)]]
    case 'phone':
      return [[exactKey('phoneKey', query.key, RESULT_LIMIT)]]
    case 'loyalty':
      return [[prefixRange('loyaltyKey', query.key, RESULT_LIMIT)]]
    case 'name': {
      const phrase = query.tokens.join(' ')
      const whole = [prefixRange('nameKey', phrase, RESULT_LIMIT), prefixRange('nameKeyAlt', phrase, RESULT_LIMIT)]
      const tokens = [...new Set(query.tokens)].slice(0, MAX_TOKENS)
      if (tokens.length === 1)
        return [whole]
      return [whole, tokens.flatMap(t => [prefixRange('nameKey', t, RANGE_LIMIT), prefixRange('nameKeyAlt', t, RANGE_LIMIT)])]
    }
  }
}

export function searchQueries(query: SearchQuery): MangoQuery<CustomerDoc>[] {
  return searchStages(query).flat()
}

function summary(doc: CustomerDoc): CustomerSummary {
  const { id, firstName, lastName, email, phone, loyaltyId, tier, homeStoreId, nameKey, nameKeyAlt } = doc
  return { id, firstName, lastName, email, phone, loyaltyId, tier, homeStoreId, nameKey, nameKeyAlt }
}

/** Lower is better: whole-word matches, then names that start with what was typed, then A–Z. */
function nameRank(c: CustomerDoc, tokens: string[]): [number, number, string] {
  const words = c.nameKey.split(' ')
  const wholeWords = tokens.filter(t => words.includes(t)).length
  const phrase = tokens.join(' ')
  const startsWith = c.nameKey.startsWith(phrase) || c.nameKeyAlt.startsWith(phrase) ? 0 : 1
  return [-wholeWords, startsWith, c.nameKey]
}

function compareRank(a: [number, number, string], b: [number, number, string]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2])
}

export async function searchCustomers(raw: string): Promise<CustomerSummary[]> {
  const parsed = parseSearchQuery(raw)
  const db = await getAppDatabase()
  const query = parsed.kind === 'email' || parsed.kind === 'phone'
    ? { ...parsed, key: await storedSearchKey(db, `${parsed.kind}Key`, parsed.key) }
    : parsed
  const byId = new Map<string, CustomerDoc>()
  const matches = () => query.kind === 'name' ? [...byId.values()].filter(c => nameMatches(c.nameKey, query.tokens)).length : byId.size
  for (const stage of searchStages(query)) {
    // Read once, not through RxQuery.exec(), which waits out a download's writes (./rxdb-internals.ts,
    // `readNow`). Deleted customers never come back: the query is prepared with `_deleted: false`.
    const lists = await Promise.all(stage.map(q => readNow(db.customers, q)))
    for (const doc of lists.flat()) byId.set(doc.id, doc)
    if (matches() >= RESULT_LIMIT)
      break
  }
  const found = [...byId.values()]
  if (query.kind === 'loyalty') {
    // A loyalty range is a prefix: the card whose key is exactly what was typed comes first.
    return found.sort((a, b) => Number(b.loyaltyKey === query.key) - Number(a.loyaltyKey === query.key)).slice(0, RESULT_LIMIT).map(summary)
  }
  if (query.kind !== 'name')
    return found.slice(0, RESULT_LIMIT).map(summary)
  const tokens = query.tokens
  return found
    .filter(c => nameMatches(c.nameKey, tokens))
    .map(c => ({ c, rank: nameRank(c, tokens) }))
    .sort((a, b) => compareRank(a.rank, b.rank))
    .slice(0, RESULT_LIMIT)
    .map(({ c }) => summary(c))
}

/**
 * The recent list: in the order given, a profile merged into another shown as its survivor
 * (once), customers no longer on this tablet skipped.
 */
export async function getCustomersByIds(ids: readonly string[]): Promise<CustomerSummary[]> {
  if (!ids.length)
    return []
  const db = await getAppDatabase()
  const resolved = await Promise.all(ids.map(async id => (await survivorIdOf(id)) ?? id))
  const unique = [...new Set(resolved)]
  // Read once, as a lookup is (./rxdb-internals.ts, `readNow`): the recent list shows while customers arrive.
  const docs = new Map((await readByIdsNow(db.customers, unique)).map(doc => [doc.id, doc]))
  return unique.flatMap((id) => {
    const doc = docs.get(id)
    return doc ? [summary(doc)] : []
  })
}

/**
 * Where a customer merged into another lives now, read from the tombstone the server sent
 * (RxDB keeps deleted documents in storage; queries don't see them): null if the id was
 * not merged. Follows a few hops for a tablet that was offline through several merges.
 */
export async function survivorIdOf(id: string): Promise<string | null> {
  const db = await getAppDatabase()
  let current = id
  for (let hop = 0; hop < 5; hop++) {
    const [doc] = await db.customers.storageInstance.findDocumentsById([current], true)
    const next = doc?._deleted ? doc.mergedInto : null
    if (!next)
      return current === id ? null : current
    current = next
  }
  return current
}

/** A scanned or typed loyalty card, exactly ("loy 1234-5678" = "LOY12345678"). */
export async function findCustomerByLoyalty(code: string): Promise<CustomerSummary | null> {
  const key = loyaltyKey(code)
  if (!key)
    return null
  const db = await getAppDatabase()
  const [doc] = await readNow(db.customers, { selector: { loyaltyKey: key }, limit: 1 })
  return doc ? summary(doc) : null
}

/** Store id → name for the home-store column (a handful of documents). */
export async function getStoreNames(): Promise<Record<string, string>> {
  const db = await getAppDatabase()
  const stores = await db.stores.find().exec()
  return Object.fromEntries(stores.map(s => [s.id, s.name]))
}

/** Resolves when replication has brought the customer onto the tablet (after a pin); rejects after `ms`. */
export async function waitForCustomer(id: string, ms: number): Promise<void> {
  const db = await getAppDatabase()
  await firstValueFrom(db.customers.findOne(id).$.pipe(
    map(doc => doc !== null),
    filter(Boolean),
    timeout(ms),
  ))
}
