/**
 * How a store is run, changed from the manager area or the CLI: an enrollment code made or
 * cancelled, a member of staff added, deactivated or given a new PIN, the store's settings and
 * hours. One row per change with who (tablet, associate) and when; ids and action names only,
 * never a PIN or contact data.
 */
import type { StoreLogEntry } from '../../src/shared/endpoints'
import type { Sql } from '../storage/db'
import { newId } from '../core/ids'

/** Head office's are store-create, area-grant and area-revoke (sync-server/office/). */
export type StoreAction = StoreLogEntry['action']

export interface StoreChange {
  storeId: string
  deviceId: string | null
  associateId: string | null
  action: StoreAction
  /** what it was done to: an associate's id, a code's id */
  subject?: string | null
  detail?: string | null
  /** a head-office account, when the change was made there */
  officeAccountId?: string | null
}

export async function recordStoreChange(sql: Pick<Sql, 'query'>, change: StoreChange): Promise<void> {
  await sql.query(
    'INSERT INTO store_log (id, store_id, device_id, associate_id, action, subject, detail, office_account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [newId(), change.storeId, change.deviceId, change.associateId, change.action, change.subject ?? null, change.detail ?? null, change.officeAccountId ?? null],
  )
}

export interface StoreLogRow { at: string, action: string, subject: string | null, detail: string | null, associateId: string | null, officeAccountId: string | null }

export async function readStoreLog(sql: Pick<Sql, 'query'>, storeId: string, limit = 200): Promise<StoreLogRow[]> {
  const { rows } = await sql.query<{ at: Date, action: string, subject: string | null, detail: string | null, associate_id: string | null, office_account_id: string | null }>(
    'SELECT at, action, subject, detail, associate_id, office_account_id FROM store_log WHERE store_id = $1 ORDER BY at DESC, id DESC LIMIT $2', [storeId, limit])
  return rows.map(r => ({ at: new Date(r.at).toISOString(), action: r.action, subject: r.subject, detail: r.detail, associateId: r.associate_id, officeAccountId: r.office_account_id }))
}

/** The log as the manager's screen shows it: who by name (staff, head office or the CLI), and whom. */
export async function readStoreLogNamed(sql: Pick<Sql, 'query'>, storeId: string, limit = 50): Promise<StoreLogEntry[]> {
  const rows = await readStoreLog(sql, storeId, limit)
  const staffIds = [...new Set(rows.flatMap(r => [r.associateId, r.subject]).filter((id): id is string => !!id))]
  const officeIds = [...new Set(rows.map(r => r.officeAccountId).filter((id): id is string => !!id))]
  const staff = new Map((await sql.query<{ id: string, name: string }>(`SELECT id, data->>'displayName' AS name FROM docs WHERE collection = 'associates' AND id = ANY($1::text[])`, [staffIds])).rows.map(r => [r.id, r.name]))
  const office = new Map((await sql.query<{ id: string, name: string }>('SELECT id, display_name AS name FROM office_accounts WHERE id = ANY($1::text[])', [officeIds])).rows.map(r => [r.id, r.name]))
  return rows.map(r => ({
    at: r.at,
    action: r.action as StoreAction,
    subjectName: r.subject ? staff.get(r.subject) ?? null : null,
    detail: r.detail,
    by: r.officeAccountId
      ? { kind: 'office', name: office.get(r.officeAccountId) ?? null }
      : r.associateId ? { kind: 'staff', name: staff.get(r.associateId) ?? null } : { kind: 'cli', name: null },
  }))
}
