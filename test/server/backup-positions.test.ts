/**
 * The change positions after a restore (storage/backup.ts): a restored database may count
 * transactions from a lower number than the one the backup came from (a new PostgreSQL
 * cluster), and tablets may hold checkpoints above the backup's last position (they synced
 * after it). Re-anchored, every new change lands above all of that.
 */
import { describe, expect, it } from 'vitest'
import { POSITION_JUMP, rebasePositions } from '../../sync-server/storage/backup'
import { loadDocuments } from '../../sync-server/storage/load'
import { migrate } from '../../sync-server/storage/migrations'
import { withWriter } from '../../sync-server/storage/writer'
import { makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { BACKENDS, openTestDatabase } from './harness'

describe.each(BACKENDS)('change positions after a restore (%s)', (backend) => {
  it('puts every new change above the backup and above any checkpoint a tablet took after it', async () => {
    const db = await openTestDatabase(backend)
    await migrate(db)
    await loadDocuments(db, world())
    const highest = async () => Number((await db.query<{ n: string }>('SELECT max(seq)::text AS n FROM docs')).rows[0]!.n)
    const backupHead = await highest()
    // As if restored into a server whose transaction counter is a million behind the original's.
    await db.query('UPDATE change_origin SET xid_base = xid_base + 1000000')
    const position = async () => Number((await db.query<{ p: string }>('SELECT change_position()::text AS p')).rows[0]!.p)
    expect(await position()).toBeLessThan(backupHead)

    const rebased = await rebasePositions(db)
    expect(rebased).toEqual({ highest: backupHead, base: backupHead + POSITION_JUMP })
    // A tablet that went on syncing after the backup, far beyond it.
    const tabletCheckpoint = backupHead + 1_000_000
    await withWriter(db, w => w.write('visits', [{ ...makeVisit({ id: '01JREBASEDVISIT0000000001' }) }]))
    const written = Number((await db.query<{ seq: string }>(`SELECT seq::text FROM docs WHERE id = '01JREBASEDVISIT0000000001'`)).rows[0]!.seq)
    expect(written).toBeGreaterThan(tabletCheckpoint)
    expect(Number((await db.query<{ s: string }>('SELECT safe_position()::text AS s')).rows[0]!.s)).toBeGreaterThan(written)
    expect(Number.isSafeInteger(written + 1000 * POSITION_JUMP)).toBe(true)
    await db.close()
  })
})
