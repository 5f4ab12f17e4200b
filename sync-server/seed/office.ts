/** The demo's head-office admin, so /office shows something after `npm start`; its password is printed like the demo PINs. */
import type { Database } from '../storage/db'
import { DEFAULT_PIN_ITERATIONS } from '../auth/pin'
import { createOfficeAccount } from '../office/accounts'

export const DEMO_ADMIN = { login: 'sede', displayName: 'Sede centrale', password: 'demo-sede-2026' } as const

export async function seedDemoAdmin(db: Database, iterations = DEFAULT_PIN_ITERATIONS): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM office_accounts WHERE login = $1', [DEMO_ADMIN.login])
  if (rows.length)
    return false
  await createOfficeAccount(db, { ...DEMO_ADMIN, role: 'admin' }, iterations)
  return true
}
