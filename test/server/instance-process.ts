/**
 * A sync-server instance in a process of its own, started the way an operator starts one
 * (`sync-server/cli.ts serve` with DATABASE_URL), so that a test or benchmark can kill it with
 * SIGKILL — no shutdown code runs, open connections just drop — and start it again on its port.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>(resolve => probe.close(() => resolve()))
  return port
}

/**
 * `dataDir`: a PGlite data folder prepared beforehand (no DATABASE_URL: the embedded engine), the
 * caller's to remove. Without one the instance makes its own, which `stop()` removes and a restart
 * makes again, empty: give a `dataDir` to keep PGlite's data across a stop.
 */
export async function startInstance(env: Record<string, string>, options: { dataDir?: string } = {}) {
  const port = await freePort()
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'clienteling-instance-'))
  let output = ''
  let child: ChildProcess | null = null
  const launch = async () => {
    mkdirSync(dataDir, { recursive: true })
    // One process (tsx's own command would run the server in a child that SIGKILL leaves behind).
    const started = spawn(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', 'serve'], {
      env: { ...process.env, MAIL_PREVIEW: '', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, ENROLL_RATE_LIMIT: '100000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = started
    await new Promise<void>((resolve, reject) => {
      let text = ''
      const timer = setTimeout(() => reject(new Error(`instance on ${port} did not start: ${text}`)), 60_000)
      const read = (chunk: Buffer) => {
        text += chunk.toString()
        output += chunk.toString()
        if (/Sync-server listening/.test(text)) {
          clearTimeout(timer)
          resolve()
        }
      }
      started.stdout!.on('data', read)
      started.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        output += chunk.toString()
      })
      started.once('exit', code => reject(new Error(`instance on ${port} exited (${code}): ${text}`)))
    })
  }
  await launch()
  const exited = () => new Promise<void>(resolve => child!.exitCode !== null || child!.signalCode !== null ? resolve() : child!.once('exit', () => resolve()))
  return {
    port,
    pid: () => child!.pid!,
    /** Killed outright: no graceful stop, in-flight requests and streams just drop. */
    kill9: async () => {
      child!.kill('SIGKILL')
      await exited()
    },
    restart: launch,
    /** SIGTERM, then the exit as it came: its code, and how long it took (SIGKILL after `killAfterMs`). */
    terminate: async (killAfterMs = 30_000) => {
      const sent = Date.now()
      child!.kill('SIGTERM')
      const timer = setTimeout(() => child!.kill('SIGKILL'), killAfterMs)
      await exited()
      clearTimeout(timer)
      return { code: child!.exitCode, signal: child!.signalCode, ms: Date.now() - sent }
    },
    /** what the process printed so far, stdout and stderr */
    output: () => output,
    /** A graceful stop, and SIGKILL after 5 s if it hangs (a test must end either way). */
    stop: async () => {
      child!.kill('SIGTERM')
      const timer = setTimeout(() => child!.kill('SIGKILL'), 5000)
      await exited()
      clearTimeout(timer)
      if (!options.dataDir)
        rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
