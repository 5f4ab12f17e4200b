/**
 * Everything a push checks its rows against, read in one statement once its keys are locked:
 * where merged customers live now, the current masters, which customers are in the store's
 * book and which the server knows, the store's active associates, the visits interactions
 * name — and the transaction's change position, drawn here so that writing costs no extra
 * round trip. Each part is a JSON column: one round trip instead of six, whatever the size of
 * the push (the statements a push costs are what its throughput is made of; bench:chain).
 *
 * Ids are matched with `= ANY(ARRAY(…))`, not `IN (SELECT …)`: the planner guesses a hundred
 * rows for a JSON array and then reads a store's whole book by hash join rather than looking
 * up the few customers of a push (5× slower at 2,000 customers, and growing with the book).
 */
import type { CollectionName } from '../../src/shared/types'
import type { AnyDoc, Writer } from '../storage/writer'
import type { ScopeFacts } from './ownership'

export interface PushFacts { survivors: Map<string, string>, masters: Map<string, AnyDoc>, scope: ScopeFacts }

export async function readPushFacts(w: Writer, storeId: string, collection: CollectionName, docs: AnyDoc[], customerIds: string[]): Promise<PushFacts> {
  const json = JSON.stringify
  const visitIds = collection === 'interactions' ? docs.map(d => d.visitId).filter(v => typeof v === 'string') : []
  const { rows } = await w.query<{ survivors: Record<string, string>, masters: AnyDoc[], in_book: string[], known: string[], associates: [string, string][], visits: [string, string][], position: string }>(`
    WITH merged AS (
      SELECT id, data->>'mergedInto' AS survivor FROM docs
      WHERE collection = 'customers' AND id = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb))) AND data->>'mergedInto' IS NOT NULL
    ),
    everyone AS (SELECT ARRAY(SELECT jsonb_array_elements_text($2::jsonb) UNION SELECT survivor FROM merged) AS ids)
    SELECT
      (SELECT coalesce(jsonb_object_agg(id, survivor), '{}'::jsonb) FROM merged) AS survivors,
      (SELECT coalesce(jsonb_agg(data), '[]'::jsonb) FROM docs WHERE collection = $1 AND id = ANY(ARRAY(SELECT jsonb_array_elements_text($3::jsonb)))) AS masters,
      (SELECT coalesce(jsonb_agg(customer_id), '[]'::jsonb) FROM book WHERE store_id = $4 AND customer_id = ANY((SELECT ids FROM everyone)::text[])) AS in_book,
      (SELECT coalesce(jsonb_agg(id), '[]'::jsonb) FROM docs WHERE collection = 'customers' AND id = ANY((SELECT ids FROM everyone)::text[])) AS known,
      (SELECT coalesce(jsonb_agg(jsonb_build_array(id, data->>'role')), '[]'::jsonb) FROM docs
        WHERE collection = 'associates' AND store_id = $4 AND NOT deleted AND (data->>'active')::boolean) AS associates,
      (SELECT coalesce(jsonb_agg(jsonb_build_array(id, store_id)), '[]'::jsonb) FROM docs
        WHERE collection = 'visits' AND id = ANY(ARRAY(SELECT jsonb_array_elements_text($5::jsonb)))) AS visits,
      change_position()::text AS position`,
  [collection, json(customerIds), json(docs.map(d => d.id)), storeId, json(visitIds)])
  const row = rows[0]!
  w.adoptPosition(row.position)
  return {
    survivors: new Map(Object.entries(row.survivors)),
    masters: new Map(row.masters.map(d => [d.id, d])),
    scope: {
      storeId,
      inBook: new Set(row.in_book),
      knownCustomers: new Set(row.known),
      associates: new Set(row.associates.map(([id]) => id)),
      managers: new Set(row.associates.filter(([, role]) => role === 'manager').map(([id]) => id)),
      visitStores: new Map(row.visits),
    },
  }
}
