import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../sync-server/app'
import { loadConfig } from '../../sync-server/core/config'
import { openDatabase } from '../../sync-server/storage/db'
import { migrate } from '../../sync-server/storage/migrations'

const run = promisify(execFile)
const TSX = join('node_modules', '.bin', 'tsx')
const dirs: string[] = []
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clienteling-cli-'))
  dirs.push(dir)
  return dir
}
const cli = (dir: string, ...args: string[]) => run(TSX, ['sync-server/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dir } })

/** Runs a long-lived command on a random port until its output matches `ready`. */
async function launch(command: string, dir: string, ready: RegExp, env: Record<string, string> = {}) {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const child = spawn(TSX, ['sync-server/cli.ts', command], { env: { ...process.env, MAIL_PREVIEW: '', DATA_DIR: dir, PORT: String(port), ...env } })
  try {
    const output = await new Promise<string>((resolve, reject) => {
      let text = ''
      const timer = setTimeout(() => reject(new Error(`no start line in: ${text}`)), 50_000)
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (ready.test(text)) {
          clearTimeout(timer)
          resolve(text)
        }
      })
    })
    return { child, port, output }
  }
  catch (error) {
    child.kill('SIGTERM')
    throw error
  }
}

afterAll(() => dirs.forEach(dir => rmSync(dir, { recursive: true, force: true })))

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
    await expect(cli(dir, 'enroll-code', '--store', 'nowhere')).rejects.toMatchObject({ stderr: expect.stringContaining('no store with id nowhere') })
  })

  it('serves without the /mail page unless MAIL_PREVIEW=1 asks for it (hole 3), and makes enrollment codes for the CLI while it runs', async () => {
    const { child, port } = await launch('serve', dir, /Sync-server listening on/)
    try {
      for (const path of ['/mail', '/mail/anything.html']) {
        const reply = await fetch(`http://127.0.0.1:${port}${path}`)
        expect([path, reply.status, (await reply.json() as { error: { code: string } }).error.code]).toEqual([path, 404, 'not-found'])
      }
      // The server owns the embedded database: the CLI asks it for the code, which enrolls a tablet at once.
      const { stdout } = await cli(dir, 'enroll-code', '--store', 'store-torino-roma')
      const code = stdout.trim().split('\n').at(-1)!
      expect(stdout).toContain('One-time enrollment code for store-torino-roma')
      const enrolled = await fetch(`http://127.0.0.1:${port}/api/devices/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'Cassa 2' }) })
      expect([enrolled.status, (await enrolled.json() as { storeId: string }).storeId]).toEqual([201, 'store-torino-roma'])
      // Only the CLI's token opens that door.
      const forged = await fetch(`http://127.0.0.1:${port}/api/local/enroll-code`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Local-Admin': 'guess' }, body: '{}' })
      expect(forged.status).toBe(403)
    }
    finally {
      child.kill('SIGTERM')
    }
  })

  it('starts with demo data on first run, says how to enroll, and shows its receipts at /mail without saying where they are', async () => {
    const home = dataDir()
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
    }
    finally {
      child.kill('SIGTERM')
    }
  })
})
