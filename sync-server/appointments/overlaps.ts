/**
 * Double bookings: two tablets without network can book one associate at one time. Both
 * appointments are kept (nothing an associate did is lost) and each is flagged with the ids
 * of the others it overlaps, which every tablet shows until someone moves one. After each
 * push of appointments, the server recomputes the flags of every active appointment (booked
 * or arrived) of the associates involved, around the times written and the times they had,
 * and rewrites the ones whose flags changed. A lock per associate makes two concurrent
 * pushes see each other's bookings.
 */
import type { AnyDoc, Writer } from '../storage/writer'
import { overlapping } from '../../src/domain/availability'
import { deepEqual } from '../../src/shared/equal'

const DAY_MS = 86_400_000
const ACTIVE = new Set(['booked', 'arrived'])

interface Span { id: string, associateId: string, start: string, end: string }

export async function flagOverlaps(w: Writer, storeId: string, docs: AnyDoc[], masters: Map<string, AnyDoc>): Promise<void> {
  const touched = [...docs, ...docs.map(d => masters.get(d.id)).filter((m): m is AnyDoc => !!m)]
  const associates = [...new Set(touched.map(d => String(d.associateId)))].sort()
  if (!associates.length)
    return
  await w.lock(associates.map(a => `appointments-of:${a}`))
  const from = new Date(Math.min(...touched.map(d => Date.parse(String(d.start)))) - DAY_MS).toISOString()
  const to = new Date(Math.max(...touched.map(d => Date.parse(String(d.end)))) + DAY_MS).toISOString()
  const { rows } = await w.query<{ data: AnyDoc }>(`
    SELECT data FROM docs WHERE collection = 'appointments' AND NOT deleted AND store_id = $1
      AND data->>'associateId' = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))
      AND data->>'start' < $4 AND data->>'end' > $3`, [storeId, JSON.stringify(associates), from, to])
  const all = rows.map(r => r.data)
  const active = all.filter(a => ACTIVE.has(String(a.status))) as unknown as Span[]
  const changed = all.flatMap((a) => {
    const flags = ACTIVE.has(String(a.status)) ? overlapping(a as unknown as Span, active).map(o => o.id).sort() : []
    return deepEqual(flags, a.overlaps) ? [] : [{ ...a, overlaps: flags, updatedAt: new Date().toISOString() }]
  })
  if (changed.length)
    await w.write('appointments', changed)
}
