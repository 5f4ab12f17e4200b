import { afterAll, describe, expect, it } from 'vitest'
import { cli, dataDir, launch, removeDataDirs, stop } from './cli-run'

afterAll(removeDataDirs)

// Apart from the one-shot commands (cli.test.ts), so the two files run side by side.
describe('the sync-server as a running process on the embedded database', () => {
  const home = dataDir()

  it('starts with demo data on first run, says how to enroll, and shows its receipts at /mail without saying where they are', async () => {
    const { child, port, output } = await launch('start', home, /Enrollment code for \S+: [A-Z2-9]{4}-[A-Z2-9]{4}/, { DEMO_CUSTOMERS: '25' })
    try {
      expect(output).toContain(`http://localhost:${port}`)
      expect(output).toContain(`http://localhost:${port}/mail`)
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok', database: 'pglite' })
      const mail = await fetch(`http://127.0.0.1:${port}/mail`)
      expect(mail.status).toBe(200)
      const page = await mail.text()
      expect(page).toContain('Outgoing receipts')
      expect(page).not.toContain(home)
      // The demo's head office, as printed, opens /office.
      expect(output).toContain('Demo head office at /office: login sede, password demo-sede-2026')
      expect(output).toContain('Demo contact centre at /office: login centralino, password demo-centralino-2026')
      const office = await fetch(`http://127.0.0.1:${port}/api/office/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'sede', password: 'demo-sede-2026' }) })
      expect(office.status).toBe(201)
    }
    finally {
      await stop(child)
    }
  })

  it('serves without the /mail page unless MAIL_PREVIEW=1 asks for it (hole 3), and makes enrollment codes and head-office admins for the CLI while it runs', async () => {
    const { child, port } = await launch('serve', home, /Sync-server listening on/)
    try {
      for (const path of ['/mail', '/mail/anything.html']) {
        const reply = await fetch(`http://127.0.0.1:${port}${path}`)
        expect([path, reply.status, (await reply.json() as { error: { code: string } }).error.code]).toEqual([path, 404, 'not-found'])
      }
      // The server owns the embedded database: the CLI asks it for the code, which enrolls a tablet at once.
      const { stdout } = await cli(home, 'enroll-code', '--store', 'store-torino-roma')
      const code = stdout.trim().split('\n').at(-1)!
      expect(stdout).toContain('One-time enrollment code for store-torino-roma')
      const enrolled = await fetch(`http://127.0.0.1:${port}/api/devices/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'Cassa 2' }) })
      expect([enrolled.status, (await enrolled.json() as { storeId: string }).storeId]).toEqual([201, 'store-torino-roma'])
      // Head office's first admin too: its password, on the last line, signs in at once.
      const made = await cli(home, 'create-admin', '--login', 'direzione', '--name', 'Direzione')
      const password = made.stdout.trim().split('\n').at(-1)!
      expect(made.stdout).toContain('Head-office admin direzione created')
      const office = await fetch(`http://127.0.0.1:${port}/api/office/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'direzione', password }) })
      expect(office.status).toBe(201)
      // And an integration's API key, which the versioned API takes at once.
      const apiKey = (await cli(home, 'api-key', 'create', '--name', 'Contact centre', '--scopes', 'profiles:read')).stdout.trim().split('\n').at(-1)!
      const lookup = await fetch(`http://127.0.0.1:${port}/api/v1/customers?phone=3330000000`, { headers: { Authorization: `Bearer ${apiKey}` } })
      expect([lookup.status, await lookup.json()]).toEqual([200, { customers: [] }])
      // Only the CLI's token opens that door.
      const forged = await fetch(`http://127.0.0.1:${port}/api/local/enroll-code`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Local-Admin': 'guess' }, body: '{}' })
      expect(forged.status).toBe(403)
      const forgedAdmin = await fetch(`http://127.0.0.1:${port}/api/local/office-account`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Local-Admin': 'guess' }, body: JSON.stringify({ login: 'intruder', displayName: 'X' }) })
      expect(forgedAdmin.status).toBe(403)
    }
    finally {
      await stop(child)
    }
  })
})
