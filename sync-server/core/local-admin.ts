/**
 * The embedded database (PGlite) lives inside the server's process: a second process must not
 * open its files while the server runs. So a running server owns the only connection, and
 * the CLI asks it instead: at start the server writes DATA_DIR/server.json (its loopback
 * address and a random token, readable by its own OS user only) and removes it when it
 * stops; the CLI finds it, and the server answers only a loopback caller with that token.
 * On PostgreSQL any number of processes connect, so the CLI opens its own connection.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LocalAdmin { url: string, token: string, pid: number }

const fileOf = (dataDir: string) => join(dataDir, 'server.json')

export function writeLocalAdmin(dataDir: string, admin: LocalAdmin): void {
  const file = fileOf(dataDir)
  writeFileSync(file, JSON.stringify(admin), { mode: 0o600 })
  chmodSync(file, 0o600)
}

export function readLocalAdmin(dataDir: string): LocalAdmin | null {
  const file = fileOf(dataDir)
  if (!existsSync(file))
    return null
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalAdmin>
    return typeof parsed.url === 'string' && typeof parsed.token === 'string' && typeof parsed.pid === 'number' ? parsed as LocalAdmin : null
  }
  catch {
    return null
  }
}

export function removeLocalAdmin(dataDir: string, token: string): void {
  // Only our own file: a newer server's must stay.
  if (readLocalAdmin(dataDir)?.token === token)
    rmSync(fileOf(dataDir), { force: true })
}

/** The loopback address a server listening on `host` answers on. */
export function loopbackUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return `http://${h}:${port}`
}

/**
 * Sends `init` to the server running on `dataDir` with its token, or returns null when none runs
 * (no file, or a file a crash left behind: nobody holds the database then).
 */
export async function callRunningServer(dataDir: string, route: string, init: RequestInit = {}): Promise<Response | null> {
  const admin = readLocalAdmin(dataDir)
  if (!admin)
    return null
  try {
    return await fetch(`${admin.url}${route}`, { method: 'POST', ...init, headers: { ...init.headers as Record<string, string>, 'X-Local-Admin': admin.token } })
  }
  catch {
    return null
  }
}
