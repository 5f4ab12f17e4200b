/** Runs the sync-server's command line as an operator would: a separate process on a data directory. */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const TSX = join('node_modules', '.bin', 'tsx')
// The demo PINs are hashed at the lowest strength the server accepts: these tests seed often.
const ENV = { ...process.env, PIN_ITERATIONS: '100000' }

const dirs: string[] = []
export const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clienteling-cli-'))
  dirs.push(dir)
  return dir
}
export const removeDataDirs = () => dirs.splice(0).forEach(dir => rmSync(dir, { recursive: true, force: true }))

export const cli = (dir: string, ...args: string[]) => run(TSX, ['sync-server/cli.ts', ...args], { env: { ...ENV, DATA_DIR: dir } })

/** Runs a long-lived command on a random port until its output matches `ready`. */
export async function launch(command: string, dir: string, ready: RegExp, env: Record<string, string> = {}) {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const child = spawn(TSX, ['sync-server/cli.ts', command], { env: { ...ENV, MAIL_PREVIEW: '', DATA_DIR: dir, PORT: String(port), ...env } })
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

/** Stops a launched command and waits until it has let go of its data directory. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
