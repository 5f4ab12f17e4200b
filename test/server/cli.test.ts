import { afterAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../sync-server/app'
import { loadConfig } from '../../sync-server/core/config'
import { openDatabase } from '../../sync-server/storage/db'
import { migrate } from '../../sync-server/storage/migrations'
import { cli, dataDir, removeDataDirs } from './cli-run'

afterAll(removeDataDirs)

describe('the sync-server command line on the embedded database', () => {
  const dir = dataDir()

  it('seeds demo data, prints the demo PINs, and adds nothing when run again', async () => {
    const first = await cli(dir, 'seed', '--customers', '40')
    expect(first.stdout).toMatch(/Seeded: [1-9]\d* documents written, 0 already there/)
    expect(first.stdout).toMatch(/MI01 .*PIN 010101/)
    expect(first.stdout).toMatch(/MI02 .*PIN 0202/)
    const again = await cli(dir, 'seed', '--customers', '40')
    expect(again.stdout).toMatch(/Seeded: 0 documents written, [1-9]\d* already there/)
  })

  it('prints a one-time enrollment code as its last line that enrolls exactly one tablet', async () => {
    const { stdout } = await cli(dir, 'enroll-code', '--store', 'store-roma-condotti')
    const code = stdout.trim().split('\n').at(-1)!
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const db = await openDatabase({ dataDir: dir })
    await migrate(db)
    const server = await buildServer(db, loadConfig({}))
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const enroll = () => fetch(`${url}/api/devices/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: code.toLowerCase(), name: 'Cassa 1' }) })
      const first = await enroll()
      expect(first.status).toBe(201)
      expect(await first.json()).toMatchObject({ storeId: 'store-roma-condotti' })
      expect((await enroll()).status).toBe(400)
    }
    finally {
      await server.close()
      await db.close()
    }
  })

  it('creates a contact-centre agent whose password, printed once on the last line, is kept only as a hash', async () => {
    const { stdout } = await cli(dir, 'create-admin', '--login', 'operatore', '--name', 'Operatore', '--role', 'contact_centre')
    expect(stdout).toContain('Contact-centre agent operatore created')
    const password = stdout.trim().split('\n').at(-1)!
    expect(password).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/)
    const db = await openDatabase({ dataDir: dir })
    try {
      const { rows } = await db.query<{ login: string, role: string, password: unknown }>('SELECT login, role, password FROM office_accounts')
      // Beside the demo's own head office and agent, which the seed made.
      expect(rows.map(r => [r.login, r.role]).sort()).toEqual([['centralino', 'contact_centre'], ['operatore', 'contact_centre'], ['sede', 'admin']])
      expect(JSON.stringify(rows)).not.toContain(password)
    }
    finally {
      await db.close()
    }
  })

  it('makes an API key printed once on its last line, lists it, revokes it, and explains a scope that does not exist', async () => {
    const made = await cli(dir, 'api-key', 'create', '--name', 'Web shop', '--scopes', 'profiles:read,events:write')
    const key = made.stdout.trim().split('\n').at(-1)!
    expect(key).toMatch(/^ck_[\w-]{43}$/)
    const id = made.stdout.match(/API key (\S+) for Web shop/)![1]!
    const listed = (await cli(dir, 'api-key', 'list')).stdout
    expect(listed).toMatch(new RegExp(`${id}\\s+Web shop\\s+profiles:read,events:write`))
    expect(listed).not.toContain(key)
    expect((await cli(dir, 'api-key', 'revoke', '--id', id)).stdout).toContain(`Revoked API key ${id} (Web shop)`)
    await expect(cli(dir, 'api-key', 'create', '--name', 'X', '--scopes', 'everything')).rejects.toMatchObject({ stderr: expect.stringContaining('not everything') })
  })

  it('lists the enrolled tablets with their last sync, and revokes one', async () => {
    const listed = (await cli(dir, 'devices', '--store', 'store-roma-condotti')).stdout.trim().split('\n')
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatch(/store-roma-condotti\s+Cassa 1\s+last sync/)
    const id = listed[0]!.split(/\s+/)[0]!
    expect((await cli(dir, 'revoke-device', '--device', id)).stdout).toContain(`Revoked ${id} (Cassa 1)`)
    expect((await cli(dir, 'devices')).stdout).toMatch(new RegExp(`${id} .*REVOKED`))
    await expect(cli(dir, 'revoke-device', '--device', 'nope')).rejects.toMatchObject({ stderr: expect.stringContaining('no device nope') })
  })

  it('defaults the enrollment code to the first store by id, and explains an unknown store', async () => {
    expect((await cli(dir, 'enroll-code')).stdout).toContain('store-firenze-tornabuoni')
    await expect(cli(dir, 'create-admin', '--login', 'sede')).rejects.toMatchObject({ stderr: expect.stringContaining('create-admin needs --login <login> --name <name>') })
    await expect(cli(dir, 'enroll-code', '--store', 'nowhere')).rejects.toMatchObject({ stderr: expect.stringContaining('no store with id nowhere') })
  })
})
