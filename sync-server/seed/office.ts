/** The demo's head-office admin and contact-centre agent, so /office shows something after `npm start`; their passwords are printed like the demo PINs. */
import type { Database } from '../storage/db'
import { DEFAULT_PIN_ITERATIONS } from '../auth/pin'
import { createOfficeAccount } from '../office/accounts'

export const DEMO_ADMIN = { login: 'sede', displayName: 'Sede centrale', password: 'demo-sede-2026' } as const
export const DEMO_AGENT = { login: 'centralino', displayName: 'Giada (servizio clienti)', password: 'demo-centralino-2026' } as const

export async function seedDemoAdmin(db: Database, iterations = DEFAULT_PIN_ITERATIONS): Promise<boolean> {
  let made = false
  for (const [account, role] of [[DEMO_ADMIN, 'admin'], [DEMO_AGENT, 'contact_centre']] as const) {
    const { rows } = await db.query('SELECT 1 FROM office_accounts WHERE login = $1', [account.login])
    if (rows.length)
      continue
    await createOfficeAccount(db, { ...account, role }, iterations)
    made = true
  }
  return made
}
