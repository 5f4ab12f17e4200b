/**
 * The audit log: who (tablet, associate) viewed or changed which customer, and when. Every
 * write path records here in its own transaction: a push, a manager's decision, an
 * erasure; profile views come from the tablets (they happen offline) in batches, each with
 * an id made on the tablet so a resent batch is recorded once. Rows hold ids and action
 * names only, never contact data or notes, and no URL carries personal data to the logs.
 */
import type { Sql } from '../storage/db'
import { newId } from '../core/ids'

export type AuditAction = 'view' | 'create' | 'edit' | 'cart' | 'wishlist' | 'visit' | 'comment' | 'interaction' | 'order' | 'pin' | 'erase' | 'merge' | 'receipt' | 'task' | 'outreach' | 'unsubscribe' | 'appointment'

export interface AuditEntry {
  id?: string
  at?: string
  deviceId: string | null
  associateId: string | null
  customerId: string
  action: AuditAction
  detail?: string | null
  /** the integration's API key behind the call (sync-server/integrations/) */
  apiKeyId?: string | null
  /** the head-office account behind the call: a contact-centre agent (sync-server/office/) */
  officeAccountId?: string | null
}

export async function recordAudit(sql: Pick<Sql, 'query'>, ...entries: AuditEntry[]): Promise<void> {
  if (!entries.length)
    return
  const rows = entries.map(e => ({ i: e.id ?? newId(), t: e.at ?? new Date().toISOString(), d: e.deviceId, a: e.associateId, c: e.customerId, x: e.action, m: e.detail ?? null, k: e.apiKeyId ?? null, o: e.officeAccountId ?? null }))
  await sql.query(`
    INSERT INTO audit_log (id, at, device_id, associate_id, customer_id, action, detail, api_key_id, office_account_id)
    SELECT r->>'i', (r->>'t')::timestamptz, r->>'d', r->>'a', r->>'c', r->>'x', r->>'m', r->>'k', r->>'o' FROM jsonb_array_elements($1::jsonb) r
    ON CONFLICT (id) DO NOTHING`, [JSON.stringify(rows)])
}

export interface AuditRow { at: string, action: string, detail: string | null, associateId: string | null, associateName: string | null, deviceName: string | null, apiKeyName: string | null, officeAccountName: string | null }

export async function readAudit(sql: Pick<Sql, 'query'>, customerId: string, limit = 500): Promise<AuditRow[]> {
  const { rows } = await sql.query<{ at: Date, action: string, detail: string | null, associate_id: string | null, associate_name: string | null, device_name: string | null, api_key_name: string | null, office_account_name: string | null }>(`
    SELECT l.at, l.action, l.detail, l.associate_id,
      (SELECT a.data->>'displayName' FROM docs a WHERE a.collection = 'associates' AND a.id = l.associate_id) AS associate_name,
      (SELECT d.name FROM devices d WHERE d.id = l.device_id) AS device_name,
      (SELECT k.name FROM api_keys k WHERE k.id = l.api_key_id) AS api_key_name,
      (SELECT o.display_name FROM office_accounts o WHERE o.id = l.office_account_id) AS office_account_name
    FROM audit_log l WHERE l.customer_id = $1 ORDER BY l.at DESC, l.id DESC LIMIT $2`, [customerId, limit])
  return rows.map(r => ({ at: new Date(r.at).toISOString(), action: r.action, detail: r.detail, associateId: r.associate_id, associateName: r.associate_name, deviceName: r.device_name, apiKeyName: r.api_key_name, officeAccountName: r.office_account_name }))
}
