/**
 * Identity resolution: after a customer is written (a tablet's registration or edit, the
 * platform's `customer.upserted`), is it someone the server already knows?
 *
 * - The same e-mail or the same normalised phone (the search keys, so "+39 333 123 4567"
 *   is "3331234567") is the same person: merged at once, into the older profile. The
 *   survivor may now carry a contact that matches a third profile, so the search repeats
 *   from the survivor until nothing matches (bounded).
 * - The same full name with different contacts may be two people: the pair is listed for
 *   a manager to merge or dismiss, once (a dismissed pair is not listed again).
 */
import type { CustomerDoc } from '../../src/shared/types'
import type { Writer } from '../storage/writer'
import type { MergeReason } from './merge'
import { survivorOf } from '../../src/shared/merge'
import { mergeCustomers } from './merge'

const MAX_ROUNDS = 10

interface Match { id: string, createdAt: string, reason: MergeReason }

export async function resolveIdentities(w: Writer, customerIds: readonly string[], trigger: string): Promise<void> {
  const ids = [...new Set(customerIds)]
  if (!ids.length)
    return
  const matched = await withStrongMatch(w, ids)
  const settled: string[] = []
  for (const id of ids) {
    let current = id
    for (let round = 0; matched.has(id) && round < MAX_ROUNDS; round++) {
      const survivor = await mergeOneMatch(w, current, trigger)
      if (!survivor)
        break
      current = survivor
    }
    settled.push(current)
  }
  await listLookAlikes(w, settled)
}

/** Which of these customers share an e-mail or phone with another live profile: one query for all. */
async function withStrongMatch(w: Writer, ids: string[]): Promise<Set<string>> {
  const { rows } = await w.query<{ id: string }>(`
    SELECT c.id FROM docs c
    WHERE c.collection = 'customers' AND NOT c.deleted AND c.id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))
      AND (
        (c.data->>'emailKey' <> '' AND EXISTS (SELECT 1 FROM docs d WHERE d.collection = 'customers' AND NOT d.deleted AND d.id <> c.id AND d.data->>'emailKey' = c.data->>'emailKey'))
        OR (length(c.data->>'phoneKey') >= 6 AND EXISTS (SELECT 1 FROM docs d WHERE d.collection = 'customers' AND NOT d.deleted AND d.id <> c.id AND d.data->>'phoneKey' = c.data->>'phoneKey')))`,
  [JSON.stringify(ids)])
  return new Set(rows.map(r => r.id))
}

/** Merges the customer with one strong match; returns the survivor to look from next, or null when nothing matched. */
async function mergeOneMatch(w: Writer, id: string, trigger: string): Promise<string | null> {
  const self = await live(w, id)
  if (!self)
    return null
  const { rows } = await w.query<Match>(`
    SELECT id, data->>'createdAt' AS "createdAt",
      CASE WHEN $2 <> '' AND data->>'emailKey' = $2 THEN 'email' ELSE 'phone' END AS reason
    FROM docs WHERE collection = 'customers' AND NOT deleted AND id <> $1
      AND (($2 <> '' AND data->>'emailKey' = $2) OR (length($3) >= 6 AND data->>'phoneKey' = $3))
    ORDER BY data->>'createdAt', id LIMIT 1`, [id, self.emailKey, self.phoneKey])
  const match = rows[0]
  if (!match)
    return null
  const survivor = survivorOf<Pick<CustomerDoc, 'id' | 'createdAt'>>(self, match).id
  const other = survivor === self.id ? match.id : self.id
  await mergeCustomers(w, survivor, other, { reason: match.reason, trigger, decidedBy: 'server' })
  return survivor
}

/** Lists each live customer with every other live one of the same full name (a name of at least two words). */
async function listLookAlikes(w: Writer, ids: string[]): Promise<void> {
  await w.query(`
    INSERT INTO identity_reviews (id, customer_a, customer_b, reason)
    SELECT DISTINCT least(c.id, d.id) || '|' || greatest(c.id, d.id), least(c.id, d.id), greatest(c.id, d.id), 'name'
    FROM docs c
    CROSS JOIN LATERAL (SELECT id FROM docs WHERE collection = 'customers' AND NOT deleted AND id <> c.id AND data->>'nameKey' = c.data->>'nameKey' OFFSET 0) d
    WHERE c.collection = 'customers' AND NOT c.deleted AND c.id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))
      AND position(' ' in c.data->>'nameKey') > 0
    ON CONFLICT (id) DO NOTHING`, [JSON.stringify([...new Set(ids)])])
}

async function live(w: Writer, id: string): Promise<CustomerDoc | null> {
  const doc = (await w.load('customers', [id])).get(id) as (CustomerDoc & { _deleted?: boolean }) | undefined
  return doc && !doc._deleted ? doc : null
}

/** Where a customer id lives now: itself, or the survivor it was merged into. */
export async function survivorIds(w: Pick<Writer, 'query'>, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (!ids.length)
    return out
  const { rows } = await w.query<{ id: string, into: string }>(
    `SELECT id, data->>'mergedInto' AS into FROM docs WHERE collection = 'customers' AND id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND data->>'mergedInto' IS NOT NULL`,
    [JSON.stringify([...new Set(ids)])],
  )
  for (const row of rows) out.set(row.id, row.into)
  return out
}
